/**
 * The {@link dev.vernier.kernels.Kernels} SPI: the numeric kernels (gemm, activations, losses,
 * k-means passes) the built-in algorithms train with, backends found by name through {@link
 * dev.vernier.kernels.Backends} and {@link dev.vernier.kernels.KernelsProvider} (ServiceLoader),
 * and the matrices and vectors that live in a backend's memory and may be given only to the
 * instance that made them. An instance is used by one thread at a time; it splits its own work over
 * its {@link dev.vernier.kernels.RowPool}. Knows nothing above this module.
 */
package dev.vernier.kernels;
