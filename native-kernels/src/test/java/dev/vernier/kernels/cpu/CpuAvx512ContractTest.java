package dev.vernier.kernels.cpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.KernelsContractTest;
import org.junit.jupiter.api.Nested;

/**
 * The kernel contract for the cpu backend's AVX-512 kernels, on one and two threads; bf16 gemm here
 * is the fallback (inputs rounded, then sgemm), as on the AVX2 and scalar variants. Skipped only on
 * a CPU without AVX-512.
 */
class CpuAvx512ContractTest {
  static Kernels open(int threads) {
    assumeTrue(Simd.AVX512.supported(), "this CPU cannot run the AVX-512 kernels");
    return new CpuKernels(threads, Simd.AVX512);
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
