package dev.vernier.kernels;

/**
 * The result of one k-means assignment pass: the inertia (sum of squared distances of each row to
 * its nearest centre) and how many rows changed their label.
 */
public record Assignment(double inertia, long changed) {}
