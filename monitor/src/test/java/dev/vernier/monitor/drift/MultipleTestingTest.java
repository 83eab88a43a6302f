package dev.vernier.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultipleTestingTest {

  private static double[] pValues(long seed, int m) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] p = new double[m];
    for (int i = 0; i < m; i++) {
      // a mix of nulls (uniform) and signals (near 0), with a NaN now and then
      p[i] = i % 17 == 0 ? Double.NaN : r.nextInt(4) == 0 ? r.nextDouble() * 1e-3 : r.nextDouble();
    }
    return p;
  }

  @Test
  void noneAndBonferroniCompareEachPValueWithTheirLevel() {
    double[] p = pValues(1, 200);
    boolean[] none = MultipleTesting.NONE.apply(p, 0.05);
    boolean[] bonf = MultipleTesting.BONFERRONI.apply(p, 0.05);
    long m = java.util.Arrays.stream(p).filter(v -> !Double.isNaN(v)).count();
    for (int i = 0; i < p.length; i++) {
      assertEquals(p[i] < 0.05, none[i]);
      assertEquals(p[i] < 0.05 / m, bonf[i]);
    }
  }

  /** Benjamini-Hochberg against its definition, checked rank by rank. */
  @Test
  void benjaminiHochbergFollowsItsDefinition() {
    for (long seed = 0; seed < 50; seed++) {
      double[] p = pValues(seed, 1 + (int) seed * 7);
      double[] valid = java.util.Arrays.stream(p).filter(v -> !Double.isNaN(v)).toArray();
      int m = valid.length;
      int k = 0;
      for (int i = 0; i < m; i++) {
        // rank of valid[i]: how many p-values are <= it
        int rank = 0;
        for (double v : valid) {
          if (v <= valid[i]) {
            rank++;
          }
        }
        if (valid[i] <= rank * 0.1 / m) {
          k = Math.max(k, rank);
        }
      }
      boolean[] bh = MultipleTesting.BENJAMINI_HOCHBERG.apply(p, 0.1);
      boolean[] bonf = MultipleTesting.BONFERRONI.apply(p, 0.1);
      int flagged = 0;
      for (int i = 0; i < p.length; i++) {
        if (bh[i]) {
          flagged++;
        }
        assertTrue(!bonf[i] || bh[i], "BH must flag whatever Bonferroni flags");
        if (Double.isNaN(p[i])) {
          assertFalse(bh[i]);
        }
      }
      assertEquals(k, flagged, "seed " + seed);
    }
  }

  @Test
  void edgeCases() {
    assertArrayEquals(
        new boolean[0], MultipleTesting.BENJAMINI_HOCHBERG.apply(new double[0], 0.05));
    assertArrayEquals(
        new boolean[] {true, true},
        MultipleTesting.BENJAMINI_HOCHBERG.apply(new double[] {0.0, 0.0}, 0.05));
    assertArrayEquals(
        new boolean[] {false, false}, MultipleTesting.BONFERRONI.apply(new double[] {1, 1}, 0.05));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> MultipleTesting.NONE.apply(new double[1], 0));
    assertEquals("alpha", e.field());
  }

  @Test
  void parsesTheNamesUsersWrite() {
    assertEquals(MultipleTesting.NONE, MultipleTesting.parse("--correction", "none"));
    assertEquals(MultipleTesting.BONFERRONI, MultipleTesting.parse("--correction", "Bonferroni"));
    assertEquals(MultipleTesting.BENJAMINI_HOCHBERG, MultipleTesting.parse("--correction", "bh"));
    assertEquals(
        MultipleTesting.BENJAMINI_HOCHBERG,
        MultipleTesting.parse("--correction", "benjamini_hochberg"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> MultipleTesting.parse("--correction", "holm"));
    assertEquals("--correction", e.field());
    assertTrue(e.getMessage().contains("bonferroni"), e.getMessage());
  }
}
