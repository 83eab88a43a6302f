package dev.vernier.monitor.drift.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatRadixSortTest {

  @Test
  void sortsFloatValuesExactlyAsArraysSortDoes() {
    Random random = new Random(11);
    float[] specials = {
      0f,
      -0f,
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      1f,
      -1f
    };
    for (int trial = 0; trial < 60; trial++) {
      int n = FloatRadixSort.MIN_LENGTH + random.nextInt(20_000);
      double[] a = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] =
            switch (trial % 4) {
              case 0 -> (float) random.nextGaussian();
              case 1 -> random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)] : 0f;
              case 2 -> Float.intBitsToFloat(random.nextInt()); // every bit pattern, NaNs included
              default -> random.nextInt(256) / 255f;
            };
      }
      double[] expected = a.clone();
      Arrays.sort(expected);
      double[] actual = a.clone();
      FloatRadixSort.sort(actual, n);
      assertArrayEquals(bits(expected), bits(actual), "trial " + trial);
    }
  }

  @Test
  void fallsBackToTheComparisonSortForValuesThatAreNotFloats() {
    double[] a = new double[2_000];
    Random random = new Random(3);
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextDouble();
    }
    a[17] = 0.1; // not a float32 value
    double[] expected = a.clone();
    Arrays.sort(expected);
    FloatRadixSort.sort(a, a.length);
    assertArrayEquals(expected, a);
  }

  @Test
  void sortedKeysGiveTheFloatsInArraysSortOrder() {
    Random random = new Random(5);
    for (int trial = 0; trial < 40; trial++) {
      int n = random.nextInt(3_000); // small ones too: the key path has no comparison fallback
      float[] a = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] =
            switch (trial % 3) {
              case 0 -> (float) random.nextGaussian();
              case 1 -> random.nextInt(4) == 0 ? -0f : random.nextInt(3); // ties and signed zeros
              default -> Float.intBitsToFloat(random.nextInt());
            };
      }
      int[] keys = new int[n];
      for (int i = 0; i < n; i++) {
        keys[i] = FloatRadixSort.key(a[i]);
      }
      int[] sorted = FloatRadixSort.sortKeys(keys, n);
      float[] expected = a.clone();
      Arrays.sort(expected);
      for (int i = 0; i < n; i++) {
        assertEquals(
            Float.floatToIntBits(expected[i]),
            Float.floatToIntBits(FloatRadixSort.value(sorted[i])),
            "trial " + trial + " at " + i);
      }
    }
  }

  /** Bit patterns, NaNs made canonical (Arrays.sort keeps payloads, the radix sort does not). */
  private static long[] bits(double[] a) {
    return Arrays.stream(a).mapToLong(Double::doubleToLongBits).toArray();
  }
}
