package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SplitTest {

  /** Row i has features (i, -i) and label i % 3, so every row can be traced through a split. */
  static Dataset rows(int n) {
    float[] f = new float[n * 2];
    float[] l = new float[n];
    for (int i = 0; i < n; i++) {
      f[2 * i] = i;
      f[2 * i + 1] = -i;
      l[i] = i % 3;
    }
    return new Dataset("data", n, 2, f, l);
  }

  static int[] ids(Dataset d) {
    int[] out = new int[d.rows()];
    for (int i = 0; i < d.rows(); i++) {
      out[i] = (int) d.feature(i, 0);
    }
    return out;
  }

  @Test
  void sameSeedGivesTheSameSplit() {
    Split a = Split.holdOut(rows(100), 0.2, 42);
    Split b = Split.holdOut(rows(100), 0.2, 42);

    assertArrayEquals(ids(a.train()), ids(b.train()));
    assertArrayEquals(ids(a.validation()), ids(b.validation()));
    assertEquals(a.train().sha256(), b.train().sha256());
    assertEquals(a.validation().sha256(), b.validation().sha256());
  }

  @Test
  void differentSeedsGiveDifferentSplits() {
    // two seeds pick the same 20 of 100 rows with probability 1 / C(100, 20) ~ 2e-21
    int[] base = ids(Split.holdOut(rows(100), 0.2, 42).validation());
    for (long seed = 0; seed < 20; seed++) {
      if (seed == 42) {
        continue;
      }
      int[] other = ids(Split.holdOut(rows(100), 0.2, seed).validation());
      assertFalse(java.util.Arrays.equals(base, other), "seed " + seed + " gave seed 42's split");
    }
  }

  @ParameterizedTest
  @CsvSource({"100, 0.2, 20", "10, 0.25, 3", "3, 0.5, 2", "2, 0.5, 1", "1000, 0.001, 1"})
  void validationGetsTheRoundedFraction(int n, double fraction, int expected) {
    Split s = Split.holdOut(rows(n), fraction, 7);

    assertEquals(expected, s.validation().rows());
    assertEquals(n - expected, s.train().rows());
    assertEquals(2, s.train().cols());
    assertEquals(2, s.validation().cols());
  }

  @Test
  void partsAreDisjointAndCoverEveryRow() {
    int n = 257;
    Split s = Split.holdOut(rows(n), 0.3, 3);

    BitSet seen = new BitSet(n);
    for (Dataset part : new Dataset[] {s.train(), s.validation()}) {
      for (int id : ids(part)) {
        assertFalse(seen.get(id), "row " + id + " is in both parts or twice in one");
        seen.set(id);
      }
    }
    assertEquals(n, seen.cardinality());
  }

  @Test
  void rowsKeepTheirLabelsAndFeaturesAndOriginalOrder() {
    Split s = Split.holdOut(rows(50), 0.4, 11);

    for (Dataset part : new Dataset[] {s.train(), s.validation()}) {
      int prev = -1;
      for (int i = 0; i < part.rows(); i++) {
        int id = (int) part.feature(i, 0);
        assertEquals(-id, part.feature(i, 1));
        assertEquals(id % 3, part.labels()[i]);
        assertTrue(id > prev, part.name() + " is not in reading order");
        prev = id;
      }
    }
    assertEquals("data[train]", s.train().name());
    assertEquals("data[validation]", s.validation().name());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1, -0.1, 1.5, Double.NaN})
  void fractionMustBeStrictlyBetweenZeroAndOne(double fraction) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Split.holdOut(rows(10), fraction, 1));

    assertEquals("validation_fraction", e.field());
    assertEquals("must be strictly between 0 and 1", e.rule());
    assertEquals(String.valueOf(fraction), e.value());
  }

  @ParameterizedTest
  @CsvSource({"3, 0.1", "2, 0.9", "1, 0.5", "0, 0.5"})
  void splitLeavingAnEmptyPartIsRejected(int n, double fraction) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Split.holdOut(rows(n), fraction, 1));

    assertEquals("validation_fraction", e.field());
    assertTrue(e.rule().startsWith("leaves an empty part of " + n + " rows"), e.rule());
    assertEquals(String.valueOf(fraction), e.value());
  }
}
