/**
 * The kernel benchmark on Fashion-MNIST (gemm GFLOP/s, k-means, MLP epochs) per backend and SIMD
 * variant, set up as the peers' scripts are. Prints a table; speed claims live here, never in unit
 * tests.
 */
package dev.vernier.bench.kernels;
