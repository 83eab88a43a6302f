package dev.vernier.tuner.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExpectedImprovementTest {
  @Test
  void knownValues() {
    // σ (z Φ(z) + φ(z)), z = (best − μ) / σ, computed with math.erf
    assertEquals(0.3989422804, Math.exp(ExpectedImprovement.logEi(0, 1, 0)), 1e-7);
    assertEquals(0.5726893964, Math.exp(ExpectedImprovement.logEi(1, 2, 0.5)), 1e-7);
    // at z = −3 the direct formula cancels; the error function's 1.2e-7 gives ~3e-7 relative
    assertEquals(3.821543170e-4, Math.exp(ExpectedImprovement.logEi(0, 1, -3)), 1e-9);
    assertEquals(0.975, ExpectedImprovement.cdf(1.959964), 1e-7);
  }

  @Test
  void theTailSeriesJoinsTheDirectFormulaAndKeepsRanking() {
    double direct = ExpectedImprovement.logH(-4.999999);
    double series = ExpectedImprovement.logH(-5.000001);
    assertEquals(direct, series, 2e-3);
    double prev = Double.POSITIVE_INFINITY;
    for (double z = -3; z > -60; z -= 0.5) {
      double v = ExpectedImprovement.logH(z);
      assertTrue(Double.isFinite(v) && v < prev, "z=" + z);
      prev = v;
    }
  }

  @Test
  void noVarianceMeansImprovementOnlyBelowTheIncumbent() {
    assertEquals(Math.log(0.5), ExpectedImprovement.logEi(1, 0, 1.5), 1e-12);
    assertEquals(Double.NEGATIVE_INFINITY, ExpectedImprovement.logEi(2, 0, 1.5));
  }
}
