package dev.vernier.kernels;

/**
 * What a loss kernel returns for a batch: the summed loss over its rows (divide by the row count
 * for the mean) and how many rows were predicted correctly (0 for regression).
 */
public record LossResult(double lossSum, long correct) {}
