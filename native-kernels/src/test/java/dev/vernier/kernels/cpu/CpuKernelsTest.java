package dev.vernier.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.Kernels;
import org.junit.jupiter.api.Test;

/** What the cpu backend adds to the contract: native memory, SIMD selection, descriptions. */
class CpuKernelsTest {
  @Test
  void isAvailableHereAndDescribesWhatRuns() {
    assertTrue(new CpuKernelsProvider().unavailableReason().isEmpty());
    try (CpuKernels k = new CpuKernels(2, Simd.SCALAR)) {
      String d = k.description();
      assertTrue(
          d.matches(
              "cpu: OpenBLAS \\d+\\.\\d+\\.\\d+ core=\\w+.*, simd=scalar,"
                  + " bf16 gemm=rounded inputs \\+ sgemm, threads=2"),
          d);
    }
    if (Simd.AVX512_BF16.supported()) {
      try (CpuKernels k = new CpuKernels(1, Simd.AVX512_BF16)) {
        String d = k.description();
        assertTrue(d.contains("simd=avx512bf16, bf16 gemm=vdpbf16ps, threads=1"), d);
      }
    }
  }

  @Test
  void otherPlatformsAreExplainedWithoutLoadingAnything() {
    assertTrue(CpuRuntime.platformProblem("Linux", "amd64").isEmpty());
    assertEquals(
        "it is built for linux x86-64 only, this is Mac OS X aarch64",
        CpuRuntime.platformProblem("Mac OS X", "aarch64").orElseThrow());
    assertTrue(CpuRuntime.platformProblem("Linux", "aarch64").isPresent());
    assertTrue(CpuRuntime.platformProblem("Windows 11", "amd64").isPresent());
  }

  @Test
  void memoryIsAlignedZeroedAndFreedOnce() {
    try (Kernels k = new CpuKernels(1, Simd.best())) {
      for (int n : new int[] {0, 1, 7, 1000, 3_000_000}) {
        FloatMatrix m = k.matrix(1, n);
        assertEquals(0, CpuKernels.p(m).address() % 64, "64-byte aligned");
        assertEquals(0, m.toArray().length == 0 ? 0 : max(m.toArray()));
        FloatMatrix view = m.rowsView(0, 1);
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, m::toArray);
        assertThrows(IllegalStateException.class, view::toArray);
        assertThrows(IllegalStateException.class, () -> k.scale(2, view));
      }
      IntVector v = k.ints(5);
      IntVector part = v.view(1, 2);
      v.close();
      assertThrows(IllegalStateException.class, part::toArray);
      FloatMatrix m = k.matrix(2, 2);
      assertThrows(IndexOutOfBoundsException.class, () -> m.copyFrom(new float[3], 0));
      assertThrows(IndexOutOfBoundsException.class, () -> m.copyTo(new float[5], 2));
      m.close();
    }
  }

  private static float max(float[] x) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  @Test
  void theSimdPropertyChoosesOrRejectsAVariant() {
    assertEquals(Simd.best(), Simd.resolve("auto"));
    assertEquals(Simd.best(), Simd.resolve(null));
    assertEquals(Simd.SCALAR, Simd.resolve(" Scalar "));
    assertTrue(Simd.supportedHere().contains(Simd.SCALAR));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Simd.resolve("sse9"));
    assertEquals(Simd.AUTO_PROPERTY, e.field());
    assertTrue(e.getMessage().contains("[scalar, avx2, avx512, avx512bf16]"), e.getMessage());
    String before = System.getProperty(Simd.AUTO_PROPERTY);
    try {
      System.setProperty(Simd.AUTO_PROPERTY, "scalar");
      try (Kernels k = new CpuKernelsProvider().create(1)) {
        assertTrue(k.description().contains("simd=scalar"), k.description());
      }
      System.setProperty(Simd.AUTO_PROPERTY, "avx3");
      assertThrows(InvalidInputException.class, () -> new CpuKernelsProvider().create(1));
    } finally {
      if (before == null) {
        System.clearProperty(Simd.AUTO_PROPERTY);
      } else {
        System.setProperty(Simd.AUTO_PROPERTY, before);
      }
    }
  }

  @Test
  void anUnsupportedVariantFailsWithTheSupportedOnes() {
    for (Simd s : Simd.values()) {
      if (!s.supported()) {
        InvalidInputException e =
            assertThrows(InvalidInputException.class, () -> Simd.resolve(s.label()));
        assertTrue(e.getMessage().contains("this CPU supports"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CpuKernels(1, s));
      }
    }
  }

  @Test
  void aClosedInstanceRefusesWorkThatNeedsItsScratch() {
    CpuKernels k = new CpuKernels(2, Simd.best());
    FloatMatrix a = k.matrix(3, 3);
    FloatMatrix out = k.matrix(1, 3);
    k.close();
    k.close();
    assertThrows(IllegalStateException.class, () -> k.columnSums(a, out));
    a.close();
    out.close();
  }
}
