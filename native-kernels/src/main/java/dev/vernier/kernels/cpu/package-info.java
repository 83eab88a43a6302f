/**
 * The {@code cpu} backend: matrices in native memory, gemm by OpenBLAS and everything else by our
 * SIMD C++ kernels (scalar, AVX2, AVX-512, bf16; {@link dev.vernier.kernels.cpu.Simd}) through
 * JavaCPP. The only package with {@code org.bytedeco}; available only where {@link
 * dev.vernier.kernels.cpu.CpuRuntime} loads the native libraries, and checked against the {@code
 * java} backend by the kernel contract test.
 */
package dev.vernier.kernels.cpu;
