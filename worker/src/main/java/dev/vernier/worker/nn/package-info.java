/**
 * Fully connected networks on {@link dev.vernier.kernels.Kernels}, shared by {@code mlp} and {@code
 * linear-learner}: the {@link dev.vernier.worker.nn.Network} and its training step, the epoch loop
 * ({@link dev.vernier.worker.nn.NetworkTraining}: seeded shuffles, validation, reports, stops),
 * optimisers, heads and standardisation. Not thread-safe: one network per training run.
 */
package dev.vernier.worker.nn;
