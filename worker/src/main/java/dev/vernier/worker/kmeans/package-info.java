/**
 * The {@code kmeans} algorithm: k-means++ (greedy, as scikit-learn) or random seeding from the
 * run's seed, then Lloyd iterations, each one fused pass over the data ({@link
 * dev.vernier.kernels.Kernels#kmeansAssign}) on the caller's kernels.
 */
package dev.vernier.worker.kmeans;
