package dev.vernier.monitor.drift.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vernier.core.InvalidInputException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SortedSampleTest {

  @Test
  void countsAndOrderStatisticsAgreeWithASortedCopy() {
    SplittableRandom r = new SplittableRandom(3);
    double[] x = new double[2000];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextInt(40) / 4.0 - 3;
    }
    SortedSample s = SortedSample.of("x", x);
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    assertArrayEquals(sorted, s.toArray());
    for (int k = 0; k < sorted.length; k += 7) {
      assertEquals(sorted[k], s.valueAt(k));
    }
    for (double q = -4; q <= 8; q += 0.125) {
      int atMost = 0;
      for (double v : sorted) {
        if (v <= q) {
          atMost++;
        }
      }
      assertEquals(atMost, s.countAtMost(q), "x <= " + q);
    }
    double mean = Arrays.stream(x).average().orElseThrow();
    double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length;
    assertEquals(mean, s.mean(), 1e-12);
    assertEquals(Math.sqrt(var), s.std(), 1e-12);
  }

  @Test
  void missingValuesAreCountedAndSignedZerosAreOneValue() {
    SortedSample s = SortedSample.of("x", new double[] {0.0, Double.NaN, -0.0, 1, Double.NaN});
    assertEquals(3, s.size());
    assertEquals(2, s.missing());
    assertEquals(2, s.distinctCount());
    assertEquals(2, s.distinctCountAt(0));
    assertEquals(2, s.countAtMost(0.0));
  }

  @Test
  void theCallersArrayIsLeftAlone() {
    double[] x = {3, 1, 2};
    SortedSample.of("x", x);
    assertArrayEquals(new double[] {3, 1, 2}, x);
  }

  @Test
  void floatKeysGiveTheSampleOfTheWidenedFloats() {
    SplittableRandom r = new SplittableRandom(9);
    for (int trial = 0; trial < 30; trial++) {
      int n = 1 + r.nextInt(12_000);
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] =
            switch (r.nextInt(6)) {
              case 0 -> Float.NaN;
              case 1 -> -0f;
              case 2 -> 0f;
              case 3 -> r.nextInt(20) / 4f; // ties
              default -> (float) (r.nextDouble() * 200 - 100);
            };
      }
      x[0] = 1.5f; // at least one value
      double[] widened = new double[n];
      int[] keys = new int[n];
      for (int i = 0; i < n; i++) {
        widened[i] = x[i];
        keys[i] = FloatRadixSort.key(x[i]);
      }
      SortedSample expected = SortedSample.of("x", widened);
      SortedSample actual = SortedSample.ofKeys("x", keys, n);
      assertEquals(expected.missing(), actual.missing(), "trial " + trial);
      assertArrayEquals(expected.atMost, actual.atMost, "trial " + trial);
      assertArrayEquals(
          Arrays.stream(expected.distinct).mapToLong(Double::doubleToRawLongBits).toArray(),
          Arrays.stream(actual.distinct).mapToLong(Double::doubleToRawLongBits).toArray(),
          "trial " + trial);
      assertArrayEquals(expected.cdf, actual.cdf, "trial " + trial);
    }
  }

  @Test
  void floatKeysAreRefusedAsTheDoublesAre() {
    int[] nans = {FloatRadixSort.key(Float.NaN), FloatRadixSort.key(Float.NaN)};
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SortedSample.ofKeys("baseline", nans, 2));
    assertEquals("2 NaNs", e.value());
    int[] infinite = {FloatRadixSort.key(1f), FloatRadixSort.key(Float.POSITIVE_INFINITY)};
    e =
        assertThrows(
            InvalidInputException.class, () -> SortedSample.ofKeys("current", infinite, 2));
    assertEquals("current", e.field());
    Object fromDoubles =
        assertThrows(
                InvalidInputException.class,
                () -> SortedSample.of("current", new double[] {1, Double.POSITIVE_INFINITY}))
            .value();
    assertEquals(fromDoubles, e.value());
  }

  @Test
  void refusesWhatCannotBeCompared() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SortedSample.of("current", null));
    assertEquals("current", e.field());
    e =
        assertThrows(
            InvalidInputException.class,
            () -> SortedSample.of("current", new double[] {Double.NEGATIVE_INFINITY, 1}));
    assertEquals("current", e.field());
    e =
        assertThrows(
            InvalidInputException.class,
            () -> SortedSample.of("baseline", new double[] {Double.NaN, Double.NaN}));
    assertEquals("baseline", e.field());
    assertEquals("2 NaNs", e.value());
  }
}
