package dev.vernier.kernels.cpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.KernelsContractTest;
import org.junit.jupiter.api.Nested;

/**
 * The kernel contract for the cpu backend's AVX-512 kernels with the vdpbf16ps bf16 gemm, on one
 * and two threads. Skipped only on a CPU without AVX512_BF16.
 */
class CpuAvx512Bf16ContractTest {
  static Kernels open(int threads) {
    assumeTrue(Simd.AVX512_BF16.supported(), "this CPU has no AVX512_BF16");
    return new CpuKernels(threads, Simd.AVX512_BF16);
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
