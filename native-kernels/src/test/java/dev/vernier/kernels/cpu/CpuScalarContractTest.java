package dev.vernier.kernels.cpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.KernelsContractTest;
import org.junit.jupiter.api.Nested;

/**
 * The kernel contract for the cpu backend's scalar kernels, on one and two threads. Skipped only on
 * a CPU without scalar.
 */
class CpuScalarContractTest {
  static Kernels open(int threads) {
    assumeTrue(Simd.SCALAR.supported(), "this CPU cannot run the scalar kernels");
    return new CpuKernels(threads, Simd.SCALAR);
  }

  @Nested
  class OneThread extends KernelsContractTest {
    @Override
    protected Kernels create() {
      return open(1);
    }
  }

  @Nested
  class TwoThreads extends KernelsContractTest {
    @Override
    protected Kernels create() {
      return open(2);
    }
  }
}
