package dev.vernier.monitor.drift.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.Threshold;
import dev.vernier.monitor.drift.stats.SortedSample;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The {@link DriftMethodContractTest} for {@link Wasserstein}, and its relative threshold. */
class WassersteinTest extends DriftMethodContractTest {
  @Override
  DriftMethod create() {
    return new Wasserstein();
  }

  @Override
  double disjointStatistic() {
    return 1.0;
  }

  @Test
  void theDefaultLimitIsATenthOfTheBaselineSpread() {
    double[] b = sample(new SplittableRandom(11), 4000, 0);
    for (int i = 0; i < b.length; i++) {
      b[i] *= 7;
    }
    DriftMethod.Fitted f = create().fit(b);
    double std = SortedSample.of("b", b).std();
    assertEquals(Threshold.statisticAbove(0.1 * std), f.threshold());
    // a shift moves every value by the same amount: W1 is the shift, drifted past 0.1 std
    double[] small = b.clone();
    double[] large = b.clone();
    for (int i = 0; i < b.length; i++) {
      small[i] += 0.05 * std;
      large[i] += 0.2 * std;
    }
    assertEquals(0.05 * std, f.score(small).statistic(), 1e-9 * std);
    assertFalse(f.score(small).drifted());
    assertTrue(f.score(large).drifted());
  }

  @Test
  void aConstantBaselineDriftsOnAnyChange() {
    DriftMethod.Fitted f = create().fit(new double[] {2, 2, 2});
    assertFalse(f.score(new double[] {2}).drifted());
    assertTrue(f.score(new double[] {2, 2.001}).drifted());
  }
}
