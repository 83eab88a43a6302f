package dev.vernier.monitor.drift.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftScore;
import org.junit.jupiter.api.Test;

/** The {@link DriftMethodContractTest} for {@link ChiSquared}, and its bucket rules. */
class ChiSquaredTest extends DriftMethodContractTest {
  @Override
  DriftMethod create() {
    return new ChiSquared();
  }

  @Override
  double disjointStatistic() {
    return Double.NaN;
  }

  @Test
  void codesTheBaselineNeverHadCountAsUnseen() {
    double[] b = {0, 0, 1, 1, 1, 2, -1};
    DriftMethod.Fitted f = create().fit(b);
    assertEquals(f.score(new double[] {0, 1, 2, -1, -1}), f.score(new double[] {0, 1, 2, 7, 9}));
  }

  @Test
  void anUnseenBucketEmptyOnBothSidesIsLeftOut() {
    double[] b = {0, 0, 1, 1};
    // two buckets, not three: one degree of freedom, so p = Q(1/2, x/2) for x = the statistic
    DriftScore s = create().fit(b).score(new double[] {0, 1, 1, 1});
    assertEquals(
        org.apache.commons.math3.special.Gamma.regularizedGammaQ(0.5, s.statistic() / 2),
        s.pValue(),
        1e-15);
  }

  @Test
  void aSingleCategoryCannotDrift() {
    DriftScore s = create().fit(new double[] {3, 3, 3}).score(new double[] {3});
    assertEquals(0.0, s.statistic());
    assertEquals(1.0, s.pValue());
  }

  @Test
  void valuesThatAreNotCodesAreRefusedNamingTheSample() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> create().fit(new double[] {0, 1.5}));
    assertEquals("baseline", e.field());
    DriftMethod.Fitted f = create().fit(new double[] {0, 1});
    e = assertThrows(InvalidInputException.class, () -> f.score(new double[] {-2}));
    assertEquals("current", e.field());
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }
}
