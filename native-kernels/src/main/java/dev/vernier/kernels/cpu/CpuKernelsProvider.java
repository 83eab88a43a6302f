package dev.vernier.kernels.cpu;

import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.KernelsProvider;
import java.util.Optional;

/**
 * The {@code cpu} backend (priority 100): OpenBLAS gemm and our SIMD C++ kernels, on linux x86-64
 * when the native libraries load. The SIMD variant is {@code -Dvernier.simd} ({@link
 * Simd#fromSystemProperty()}), the widest the CPU supports by default.
 */
public final class CpuKernelsProvider implements KernelsProvider {
  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Optional<String> unavailableReason() {
    return CpuRuntime.unavailableReason();
  }

  /**
   * @throws IllegalStateException when the backend is not available here
   * @throws dev.vernier.core.InvalidInputException when {@code vernier.simd} names an unknown
   *     variant or one this CPU cannot run
   */
  @Override
  public Kernels create(int threads) {
    CpuRuntime.requireAvailable();
    return new CpuKernels(threads, Simd.fromSystemProperty());
  }
}
