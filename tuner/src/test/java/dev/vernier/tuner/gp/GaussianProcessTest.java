package dev.vernier.tuner.gp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

/** Known answers for the Gaussian process, checked against straightforward dense matrix code. */
class GaussianProcessTest {

  @Test
  void maternFiveHalvesByHand() {
    // (1 + √5 r + 5r²/3) e^{−√5 r}: 1 at r = 0; at r = 1, (1 + 2.2360680 + 1.6666667)
    // e^{−2.2360680}
    assertEquals(1.0, Matern52.correlation(0), 0);
    assertEquals(0.5239941088, Matern52.correlation(1), 1e-9);
    assertEquals(0.8286491424, Matern52.correlation(0.5), 1e-9);
    // a 1-D kernel value: points 0.2 and 0.7, length scale 0.5 (r = 1), signal variance 2
    double[] a = {0.2};
    double[] b = {0.7};
    assertEquals(2 * 0.5239941088, Matern52.value(a, 0, b, 0, new double[] {4}, 1, 2), 1e-9);
  }

  private static GaussianProcess fit(double[] xs, double[] y, int dim, double[] theta) {
    GaussianProcess gp = new GaussianProcess(GpHyperparameters.fromVector(theta));
    for (int i = 0; i < y.length; i++) {
      gp.add(xs, i * dim);
    }
    gp.setTargets(y);
    return gp;
  }

  @Test
  void withTinyNoiseThePosteriorInterpolatesTheObservations() {
    double[] xs = {0.1, 0.4, 0.5, 0.9};
    double[] y = {1.0, -0.5, 0.3, 2.0};
    GaussianProcess gp = fit(xs, y, 1, new double[] {Math.log(0.3), 0, Math.log(1e-9)});
    double[] mean = new double[4];
    double[] var = new double[4];
    gp.predict(xs, 4, mean, var);
    assertArrayEquals(y, mean, 1e-6);
    for (double v : var) {
      assertEquals(0, v, 1e-8);
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(y[i], gp.fittedMean(i), 1e-6);
    }
    // far from the data the prior comes back: mean 0, variance = signal variance
    double[] far = {50};
    gp.predict(far, 1, mean, var);
    assertEquals(0, mean[0], 1e-12);
    assertEquals(1, var[0], 1e-12);
  }

  /** The same quantities with commons-math3's dense LU: K, K⁻¹, det K, from the formulas. */
  @Test
  void logMarginalLikelihoodAndPredictionsMatchDenseAlgebra() {
    int n = 7;
    int d = 2;
    SplittableRandom r = new SplittableRandom(3);
    double[] xs = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = r.nextDouble();
    }
    for (int i = 0; i < n; i++) {
      y[i] = Math.sin(3 * xs[i * d]) + xs[i * d + 1];
    }
    double[] theta = {Math.log(0.4), Math.log(0.7), Math.log(1.5), Math.log(0.01)};
    double[] invL2 = {1 / 0.16, 1 / 0.49};
    RealMatrix k = new Array2DRowRealMatrix(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double dx = xs[i * d] - xs[j * d];
        double dy = xs[i * d + 1] - xs[j * d + 1];
        double rr = Math.sqrt(dx * dx * invL2[0] + dy * dy * invL2[1]);
        double s5 = Math.sqrt(5) * rr;
        k.setEntry(i, j, 1.5 * (1 + s5 + s5 * s5 / 3) * Math.exp(-s5) + (i == j ? 0.01 : 0));
      }
    }
    LUDecomposition lu = new LUDecomposition(k);
    RealVector yv = new ArrayRealVector(y);
    RealVector alpha = lu.getSolver().solve(yv);
    double expected =
        -0.5 * yv.dotProduct(alpha)
            - 0.5 * Math.log(lu.getDeterminant())
            - n / 2.0 * Math.log(2 * Math.PI);

    GaussianProcess gp = fit(xs, y, d, theta);
    assertEquals(expected, gp.logMarginalLikelihood(), 1e-10);
    assertEquals(expected, new MarginalLikelihood(xs, y, d).valueAndGradient(theta, null), 1e-10);

    // the prediction at a new point: k*ᵀ K⁻¹ y and s² − k*ᵀ K⁻¹ k*
    double[] p = {0.3, 0.8};
    RealVector ks = new ArrayRealVector(n);
    for (int i = 0; i < n; i++) {
      ks.setEntry(i, Matern52.value(p, 0, xs, i * d, invL2, d, 1.5));
    }
    double[] mean = new double[1];
    double[] var = new double[1];
    gp.predict(p, 1, mean, var);
    assertEquals(ks.dotProduct(alpha), mean[0], 1e-10);
    assertEquals(1.5 - ks.dotProduct(lu.getSolver().solve(ks)), var[0], 1e-10);
  }

  @Test
  void theGradientMatchesFiniteDifferences() {
    int n = 15;
    int d = 3;
    SplittableRandom r = new SplittableRandom(8);
    double[] xs = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = r.nextDouble();
    }
    for (int i = 0; i < n; i++) {
      y[i] = Math.cos(4 * xs[i * d]) - xs[i * d + 2];
    }
    MarginalLikelihood ml = new MarginalLikelihood(xs, y, d);
    double[] theta = {Math.log(0.3), Math.log(0.9), Math.log(2.5), Math.log(1.2), Math.log(0.02)};
    double[] g = new double[theta.length];
    ml.valueAndGradient(theta, g);
    for (int k = 0; k < theta.length; k++) {
      double[] up = theta.clone();
      double[] down = theta.clone();
      up[k] += 1e-6;
      down[k] -= 1e-6;
      double fd = (ml.valueAndGradient(up, null) - ml.valueAndGradient(down, null)) / 2e-6;
      assertEquals(fd, g[k], 1e-5 * Math.max(1, Math.abs(fd)), "component " + k);
    }
  }

  @Test
  void growingAndTruncatingIsBitForBitTheModelBuiltAtOnce() {
    int n = 30;
    int d = 4;
    SplittableRandom r = new SplittableRandom(1);
    double[] xs = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = r.nextDouble();
    }
    for (int i = 0; i < n; i++) {
      y[i] = r.nextGaussian();
    }
    double[] theta = {-1, -0.5, 0, 0.3, 0.2, Math.log(1e-4)};
    GaussianProcess once = fit(xs, y, d, theta);
    GaussianProcess grown = new GaussianProcess(GpHyperparameters.fromVector(theta));
    for (int i = 0; i < 20; i++) {
      grown.add(xs, i * d);
    }
    grown.add(xs, 0); // a fantasy, dropped again
    grown.truncate(20);
    for (int i = 20; i < n; i++) {
      grown.add(xs, i * d);
    }
    grown.setTargets(y);
    double[] p = new double[8 * d];
    for (int i = 0; i < p.length; i++) {
      p[i] = r.nextDouble();
    }
    double[] m1 = new double[8];
    double[] v1 = new double[8];
    double[] m2 = new double[8];
    double[] v2 = new double[8];
    once.predict(p, 8, m1, v1);
    grown.predict(p, 8, m2, v2);
    assertArrayEquals(m1, m2, 0);
    assertArrayEquals(v1, v2, 0);
    assertEquals(once.logMarginalLikelihood(), grown.logMarginalLikelihood(), 0);
  }

  @Test
  void nearestObservationVariancesBoundTheExactOnesFromAbove() {
    int n = 60;
    int d = 3;
    SplittableRandom r = new SplittableRandom(2);
    double[] xs = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = r.nextDouble();
    }
    for (int i = 0; i < n; i++) {
      y[i] = r.nextGaussian();
    }
    GaussianProcess gp = fit(xs, y, d, new double[] {-1.2, -1, -0.8, 0, Math.log(1e-3)});
    int c = 20;
    double[] p = new double[c * d];
    for (int i = 0; i < p.length; i++) {
      p[i] = r.nextDouble();
    }
    double[] m = new double[c];
    double[] v = new double[c];
    double[] ml = new double[c];
    double[] vl = new double[c];
    gp.predict(p, c, m, v);
    gp.predictLocal(p, c, ml, vl, 8);
    for (int i = 0; i < c; i++) {
      assertEquals(m[i], ml[i], 1e-12);
      assertTrue(vl[i] >= v[i] - 1e-12, "local " + vl[i] + " < exact " + v[i]);
    }
    gp.predictLocal(p, c, ml, vl, n); // all observations: exact
    assertArrayEquals(v, vl, 1e-9);
  }
}
