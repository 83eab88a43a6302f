package dev.vernier.kernels.cpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.KernelsContractTest;
import org.junit.jupiter.api.Nested;

/**
 * The kernel contract for the cpu backend's AVX2 kernels, on one and two threads. Skipped only on a
 * CPU without AVX2.
 */
class CpuAvx2ContractTest {
  static Kernels open(int threads) {
    assumeTrue(Simd.AVX2.supported(), "this CPU cannot run the AVX2 kernels");
    return new CpuKernels(threads, Simd.AVX2);
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
