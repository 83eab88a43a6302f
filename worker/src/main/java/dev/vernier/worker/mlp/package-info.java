/**
 * The {@code mlp} algorithm: a multilayer perceptron classifier over {@code worker.nn}, its matrix
 * products in fp32 or bf16 on the given kernels.
 */
package dev.vernier.worker.mlp;
