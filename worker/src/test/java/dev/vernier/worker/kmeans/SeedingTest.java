package dev.vernier.worker.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.data.Dataset;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Algorithm;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.algorithm.EpochReporter;
import dev.vernier.worker.algorithm.TrainingResult;
import dev.vernier.worker.algorithm.TrainingRun;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedingTest {
  static float[] seed(Dataset data, int kc, long seed) {
    try (Kernels k = Backends.open("java", 1);
        FloatMatrix x = k.upload(data.features(), data.rows(), data.cols())) {
      return Seeding.kmeansPlusPlus(k, x, data, kc, new SplittableRandom(seed));
    }
  }

  /** Three tight groups, with their first coordinate at -scale, 0 and +scale. */
  static Dataset groups(float scale) {
    float[] f = new float[9 * 2];
    for (int i = 0; i < 9; i++) {
      f[2 * i] = (i % 3 - 1) * scale;
      f[2 * i + 1] = i / 3;
    }
    return new Dataset("groups", 9, 2, f, null);
  }

  static float[] firstCoordinates(float[] centres, int kc) {
    float[] c = new float[kc];
    for (int i = 0; i < kc; i++) {
      c[i] = centres[2 * i];
    }
    Arrays.sort(c);
    return c;
  }

  @Test
  void plusPlusSeedsOneCentreInEachSeparatedGroup() {
    for (long s = 0; s < 5; s++) {
      float[] c = seed(groups(100f), 3, s);

      assertArrayEquals(new float[] {-100f, 0f, 100f}, firstCoordinates(c, 3));
    }
  }

  /**
   * Values of 1e20 square to 1e40, beyond float32: the GEMM-based distances were infinite or NaN,
   * no candidate won and the seeding failed with ArrayIndexOutOfBoundsException: Index -1.
   */
  @Test
  void valuesWhoseSquaresOverflowFloatStillSeedFiniteDistinctCentres() {
    for (long s = 0; s < 5; s++) {
      float[] c = seed(groups(1e20f), 3, s);

      for (float v : c) {
        assertTrue(Float.isFinite(v), Arrays.toString(c));
      }
      assertArrayEquals(new float[] {-1e20f, 0f, 1e20f}, firstCoordinates(c, 3));
    }
  }

  @Test
  void valuesNearTheLargestFloatDoNotCrash() {
    float[] f = {Float.MAX_VALUE, -Float.MAX_VALUE, 0f, 1f, -Float.MAX_VALUE, Float.MAX_VALUE};
    Dataset d = new Dataset("extreme", 3, 2, f, null);

    float[] c = seed(d, 3, 1);

    assertEquals(6, c.length);
    for (float v : c) {
      assertTrue(Float.isFinite(v), Arrays.toString(c));
    }
  }

  @Test
  void exactDistanceIsComputedInDouble() {
    float[] f = {1e20f, 0f, -1e20f, 0f};

    double x = 1e20f; // 1e20 as a float, squared in double
    assertEquals(4 * x * x, Seeding.exact(f, 0, 1, 2));
  }

  /** The whole k-means training on such values (the tester's case): seeding no longer crashes. */
  @Test
  void kmeansTrainsOnValuesOf1e20WithoutCrashing() {
    Dataset d = groups(1e20f);
    Algorithm a = Algorithms.get("kmeans");
    try (Kernels k = Backends.open("java", 1)) {
      TrainingResult r =
          a.train(
              new TrainingRun(
                  d,
                  d,
                  a.spec().resolve(Map.of("k", "3", "max_iterations", "2")),
                  1,
                  k,
                  EpochReporter.IGNORE));
      for (var e : r.epochs()) {
        assertTrue(Double.isFinite(e.metrics().get("train:msd")), e.toString());
      }
      // three groups 2e20 apart found exactly: what is left is the spread of the second column
      assertEquals(2.0 / 3, r.epochs().get(1).metrics().get("train:msd"), 1e-6);
    }
  }
}
