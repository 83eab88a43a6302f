package dev.vernier.kernels.java;

import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.KernelsProvider;
import java.util.Optional;

/** The plain-Java backend: always available, the oracle every other backend is tested against. */
public final class JavaKernelsProvider implements KernelsProvider {
  @Override
  public String name() {
    return "java";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public Kernels create(int threads) {
    return new JavaKernels(threads);
  }
}
