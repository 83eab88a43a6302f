package dev.vernier.tuner.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SobolStrategyTest extends SearchStrategyContractTest {
  @Override
  SearchStrategy create() {
    return new SobolStrategy();
  }

  @Test
  void theFirst2PowKPointsStratifyEveryCoordinate() {
    // a digitally shifted Sobol sequence is still a (t, m, s)-net: among its first 2^k points
    // every coordinate has exactly one point in each interval [j/2^k, (j+1)/2^k)
    for (long seed : new long[] {0, 1, 99}) {
      ScrambledSobol s = new ScrambledSobol(5, seed);
      int k = 5;
      int n = 1 << k;
      for (int d = 0; d < 5; d++) {
        int[] hits = new int[n];
        for (int i = 0; i < n; i++) {
          double u = s.point(i)[d];
          assertTrue(u >= 0 && u < 1, "u=" + u);
          hits[(int) (u * n)]++;
        }
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        assertEquals(Arrays.toString(ones), Arrays.toString(hits), "seed " + seed + " dim " + d);
      }
    }
  }

  @Test
  void discreteSpacesSkipPointsThatCollideWithTrials() {
    java.util.List<TrialView> trials = new java.util.ArrayList<>();
    java.util.Set<java.util.Map<String, Object>> seen = new java.util.HashSet<>();
    for (int i = 0; i < 24; i++) {
      dev.vernier.core.catalog.Direction d = dev.vernier.core.catalog.Direction.MINIMIZE;
      Proposal p =
          create()
              .propose(StrategyContext.of("j", Histories.gridSpace(), d, 2, trials, 24), 1)
              .get(0);
      assertTrue(seen.add(p.config()), "repeated " + p.config() + " at " + i);
      trials.add(TrialView.completed(i, p.config(), i));
    }
  }

  @Test
  void pointsDependOnIndexAndSeedOnly() {
    assertEquals(
        Arrays.toString(new ScrambledSobol(3, 4).point(17)),
        Arrays.toString(new ScrambledSobol(3, 4).point(17)));
    assertNotEquals(
        Arrays.toString(new ScrambledSobol(3, 4).point(17)),
        Arrays.toString(new ScrambledSobol(3, 5).point(17)));
  }
}
