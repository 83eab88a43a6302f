/**
 * The built-in algorithms' SPI: an {@link dev.vernier.worker.algorithm.Algorithm} is a catalog
 * entry plus a trainer, registered by name (ServiceLoader, {@link
 * dev.vernier.worker.algorithm.Algorithms}); it trains on a {@link
 * dev.vernier.worker.algorithm.TrainingRun} (data, the caller's kernels, a seed) and calls its
 * {@link dev.vernier.worker.algorithm.EpochReporter} after each epoch, stopping when told. A
 * trained {@link dev.vernier.worker.algorithm.Model} is immutable and may predict from any thread
 * with its own kernels.
 */
package dev.vernier.worker.algorithm;
