package dev.vernier.kernels;

import dev.vernier.kernels.java.JavaKernels;

/** The oracle against itself, on two threads: proves the contract test's own checks hold. */
class JavaKernelsContractTest extends KernelsContractTest {
  @Override
  protected Kernels create() {
    return new JavaKernels(2);
  }
}
