package dev.vernier.tuner.stopping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Spearman's rank correlation against values worked by hand (and scipy.stats.spearmanr). */
class RankCorrelationTest {
  @Test
  void orderAloneCounts() {
    assertEquals(1.0, RankCorrelation.spearman(new double[] {1, 2, 3}, new double[] {10, 50, 51}));
    assertEquals(-1.0, RankCorrelation.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}));
    // one swap among four: 1 - 6 * 2 / (4 * 15) = 0.8
    assertEquals(
        0.8, RankCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-12);
  }

  @Test
  void tiesShareTheirMeanRank() {
    assertArrayEquals(
        new double[] {1.5, 1.5, 3, 4.5, 4.5},
        RankCorrelation.ranks(new double[] {0.2, 0.2, 0.5, 0.9, 0.9}));
    // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]).statistic = 0.9486832980505139
    assertEquals(
        0.9486832980505138,
        RankCorrelation.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4}),
        1e-12);
    assertEquals(0.0, RankCorrelation.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3}));
  }

  @Test
  void fewerThanTwoOrUnequalLengthsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RankCorrelation.spearman(new double[] {1}, new double[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> RankCorrelation.spearman(new double[] {1, 2}, new double[] {1, 2, 3}));
  }
}
