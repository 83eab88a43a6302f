package dev.vernier.tuner.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FitAndTransformTest {
  @Test
  void lbfgsFindsTheRosenbrockMinimum() {
    Lbfgs.Result r =
        Lbfgs.minimize(
            (x, g) -> {
              double a = 1 - x[0];
              double b = x[1] - x[0] * x[0];
              g[0] = -2 * a - 400 * x[0] * b;
              g[1] = 200 * b;
              return a * a + 100 * b * b;
            },
            new double[] {-1.2, 1},
            500,
            1e-9);
    assertEquals(1, r.x()[0], 1e-4);
    assertEquals(1, r.x()[1], 1e-4);
  }

  @Test
  void theFitSwitchesOffAnIrrelevantDimension() {
    int n = 40;
    int d = 2;
    SplittableRandom r = new SplittableRandom(4);
    double[] xs = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = r.nextDouble();
    }
    for (int i = 0; i < n; i++) {
      y[i] = Math.sin(6 * xs[i * d]); // the second coordinate does not matter
    }
    GpHyperparameters h = new HyperparameterFit(1, 50).fit(xs, y, d, 1);
    assertTrue(h.lengthScale(0) < 1, h.toString());
    assertTrue(h.lengthScale(1) > 3 * h.lengthScale(0), h.toString());
    assertTrue(h.noiseVariance() < 1e-2, h.toString());
    // same data, same seed: the same fit
    assertEquals(h, new HyperparameterFit(1, 50).fit(xs, y, d, 1));
  }

  @Test
  void theOutputTransformIsMonotoneAndStandardised() {
    double[] losses = {3, 1e6, 0.5, 12, 0.5, 7e3, 40};
    double[] t = OutputTransform.apply(losses, losses.length);
    double mean = 0;
    double ss = 0;
    for (double v : t) {
      mean += v;
    }
    mean /= t.length;
    for (double v : t) {
      ss += (v - mean) * (v - mean);
    }
    assertEquals(0, mean, 1e-12);
    assertEquals(1, ss / t.length, 1e-12);
    for (int i = 0; i < t.length; i++) {
      for (int j = 0; j < t.length; j++) {
        assertEquals(Double.compare(losses[i], losses[j]), Double.compare(t[i], t[j]));
      }
    }
    double[] constant = OutputTransform.apply(new double[] {2, 2, 2}, 3);
    assertEquals(0, constant[0], 0);
  }
}
