package dev.vernier.kernels;

import static dev.vernier.kernels.KernelsContractTest.EPS;
import static dev.vernier.kernels.KernelsContractTest.SIZES;
import static dev.vernier.kernels.Twins.assertClose;
import static dev.vernier.kernels.Twins.assertNear;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.kernels.Twins.M;
import dev.vernier.kernels.Twins.V;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * The checks of {@link KernelsContractTest} that take more than a few lines: one backend against
 * the oracle on data from a {@link Twins}.
 */
final class ContractChecks {
  private final Twins t;
  private final Kernels mine;
  private final Kernels ref;

  ContractChecks(Twins t) {
    this.t = t;
    this.mine = t.kernels;
    this.ref = t.oracle;
  }

  /** Shapes for element-wise kernels: odd sizes, and one big enough to split over threads. */
  List<int[]> shapes() {
    List<int[]> out = new ArrayList<>();
    for (int r : SIZES) {
      for (int c : new int[] {1, 13, 33}) {
        out.add(new int[] {r, c});
      }
    }
    out.add(new int[] {1000, 300});
    return out;
  }

  float[] smallIntegers(int n, int range) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = t.rnd.nextInt(range);
    }
    return out;
  }

  /**
   * Clusters 100 apart on the first coordinate, points within 0.5 of their centre per coordinate:
   * labels, counts and the change count must match exactly. With {@code offset > 0} x and labels
   * are views; a second pass must change nothing.
   */
  void kmeansSeparated(int n, int k, int d, int offset) {
    String what = "kmeans n=" + n + " k=" + k + " d=" + d + " offset=" + offset;
    float[] centres = t.values(k * d, -1, 1);
    for (int j = 0; j < k; j++) {
      centres[j * d] = 100 * j;
    }
    float[] x = new float[(n + offset) * d];
    for (int i = 0; i < n + offset; i++) {
      int c = t.rnd.nextInt(k);
      for (int j = 0; j < d; j++) {
        x[i * d + j] = centres[c * d + j] + (float) (t.rnd.nextDouble() - 0.5);
      }
    }
    M xs = t.of(x, n + offset, d);
    M cs = t.of(centres, k, d);
    V labels = t.ints(t.labels(n + offset, k));
    for (int pass = 0; pass < 2; pass++) {
      M sums = t.filled(k, d, Float.NaN);
      M counts = t.filled(k, 1, Float.NaN);
      Assignment am =
          mine.kmeansAssign(
              xs.view(offset, n).mine(),
              cs.mine(),
              labels.mine().view(offset, n),
              sums.mine(),
              counts.mine());
      Assignment ar =
          ref.kmeansAssign(
              xs.view(offset, n).ref(),
              cs.ref(),
              labels.ref().view(offset, n),
              sums.ref(),
              counts.ref());
      assertArrayEquals(labels.ref().toArray(), labels.mine().toArray(), what + " labels");
      assertEquals(ar.changed(), am.changed(), what + " changed");
      assertClose(what + " counts", counts, 0, 0);
      assertSums(what, x, offset, labels.ref().toArray(), k, d, sums.mine().toArray());
      assertNear(what + " inertia", ar.inertia(), am.inertia(), 1e-5 * ar.inertia() + 1e-9 * n);
      if (pass == 1) {
        assertEquals(0, am.changed(), what + " second pass");
      }
    }
  }

  /**
   * Uniform data with centres drawn from it, the last a copy of the first: labels may differ only
   * where the two distances agree to float rounding, exact ties go to the lowest index, and the
   * sums, counts, inertia and change count must be those of the backend's own labels.
   */
  void kmeansRandom(int n, int k, int d) {
    String what = "kmeans random n=" + n + " k=" + k + " d=" + d;
    float[] x = t.values(n * d, 0, 1);
    float[] centres = new float[k * d];
    for (int j = 0; j < k; j++) {
      System.arraycopy(x, t.rnd.nextInt(n) * d, centres, j * d, d);
    }
    System.arraycopy(centres, 0, centres, (k - 1) * d, d);
    M xs = t.of(x, n, d);
    M cs = t.of(centres, k, d);
    int[] initial = t.labels(n, k);
    V labels = t.ints(initial);
    M sums = t.filled(k, d, Float.NaN);
    M counts = t.filled(k, 1, Float.NaN);
    Assignment am =
        mine.kmeansAssign(xs.mine(), cs.mine(), labels.mine(), sums.mine(), counts.mine());
    Assignment ar = ref.kmeansAssign(xs.ref(), cs.ref(), labels.ref(), sums.ref(), counts.ref());
    int[] lm = labels.mine().toArray();
    int[] lr = labels.ref().toArray();
    int differ = 0;
    long changed = 0;
    double inertia = 0;
    float[] histogram = new float[k];
    for (int i = 0; i < n; i++) {
      double dm = dist(x, i, centres, lm[i], d);
      if (lm[i] != lr[i]) {
        differ++;
        double scale = norm(x, i, d) + norm(centres, lm[i], d) + norm(centres, lr[i], d);
        assertNear(what + " near-tie at row " + i, dist(x, i, centres, lr[i], d), dm, 1e-5 * scale);
      }
      assertTrue(lm[i] < k - 1, what + ": an exact tie must go to the lowest index");
      changed += lm[i] != initial[i] ? 1 : 0;
      inertia += dm;
      histogram[lm[i]]++;
    }
    assertTrue(differ <= n / 100, what + ": " + differ + " labels differ");
    assertEquals(changed, am.changed(), what + " changed");
    assertArrayEquals(histogram, counts.mine().toArray(), what + " counts");
    assertSums(what, x, 0, lm, k, d, sums.mine().toArray());
    assertNear(what + " inertia", inertia, am.inertia(), 1e-5 * inertia);
    assertNear(what + " inertia vs oracle", ar.inertia(), am.inertia(), 1e-5 * inertia);
  }

  private static double dist(float[] x, int i, float[] c, int j, int d) {
    double s = 0;
    for (int p = 0; p < d; p++) {
      double diff = (double) x[i * d + p] - c[j * d + p];
      s += diff * diff;
    }
    return s;
  }

  private static double norm(float[] x, int i, int d) {
    double s = 0;
    for (int p = 0; p < d; p++) {
      s += (double) x[i * d + p] * x[i * d + p];
    }
    return s;
  }

  /** actual must be the per-label sums of the rows of x (from row offset), to 1e-5 of sum |x|. */
  private static void assertSums(
      String what, float[] x, int offset, int[] labels, int k, int d, float[] actual) {
    double[] expected = new double[k * d];
    double[] magnitude = new double[k * d];
    for (int i = offset; i < labels.length; i++) {
      for (int j = 0; j < d; j++) {
        expected[labels[i] * d + j] += x[i * d + j];
        magnitude[labels[i] * d + j] += Math.abs(x[i * d + j]);
      }
    }
    for (int i = 0; i < k * d; i++) {
      assertNear(what + " sums[" + i + "]", expected[i], actual[i], 1e-5 * magnitude[i] + 1e-30);
    }
  }

  /** Forward with extreme and zero inputs, then backward through the activated values. */
  void activation(Activation act, int r, int c) {
    String what = act + " " + r + "x" + c;
    float[] z = t.values(r * c, -4, 4);
    z[0] = 30;
    z[z.length - 1] = z.length > 1 ? -30 : z[0];
    z[z.length / 2] = z.length > 2 ? -0f : z[z.length / 2];
    M zs = t.of(z, r, c);
    M bias = t.random(1, c, -1, 1);
    mine.addBiasActivate(zs.mine(), bias.mine(), act);
    ref.addBiasActivate(zs.ref(), bias.ref(), act);
    assertClose(what + " forward", zs, 1e-6, 1e-7);
    M out = t.of(zs.ref().toArray(), r, c); // the same activated values for both
    M grad = t.random(r, c, -2, 2);
    mine.activationBackward(out.mine(), grad.mine(), act);
    ref.activationBackward(out.ref(), grad.ref(), act);
    assertClose(what + " backward", grad, 1e-6, 1e-7);
  }

  /** Softmax cross-entropy with extreme logits; grad either separate or the logits themselves. */
  void softmax(int n, int k, boolean alias) {
    String what = "softmax n=" + n + " k=" + k + (alias ? " in place" : "");
    float[] z = t.values(n * k, -10, 10);
    if (z.length >= 2) {
      z[0] = 80;
      z[1] = -80;
    }
    M zs = t.of(z, n, k);
    V labels = t.ints(t.labels(n, k));
    M grad = alias ? zs : t.filled(n, k, Float.NaN);
    float scale = 1f / n;
    LossResult rm = mine.softmaxCrossEntropy(zs.mine(), labels.mine(), grad.mine(), scale);
    LossResult rr = ref.softmaxCrossEntropy(zs.ref(), labels.ref(), grad.ref(), scale);
    assertNear(what + " loss", rr.lossSum(), rm.lossSum(), 1e-5 * (n + Math.abs(rr.lossSum())));
    assertEquals(rr.correct(), rm.correct(), what + " correct");
    assertClose(what + " grad", grad, 1e-5, 1e-6 * scale);
  }

  void logistic(int n, boolean alias) {
    String what = "logistic n=" + n + (alias ? " in place" : "");
    float[] z = t.values(n, -8, 8);
    if (n >= 2) {
      z[0] = 40;
      z[1] = -40;
    }
    M zs = t.of(z, n, 1);
    M y = t.of(smallIntegers(n, 2), n, 1);
    M grad = alias ? zs : t.filled(n, 1, Float.NaN);
    float scale = 1f / n;
    LossResult rm = mine.logisticLoss(zs.mine(), y.mine(), grad.mine(), scale);
    LossResult rr = ref.logisticLoss(zs.ref(), y.ref(), grad.ref(), scale);
    assertNear(what + " loss", rr.lossSum(), rm.lossSum(), 1e-6 * (n + Math.abs(rr.lossSum())));
    assertEquals(rr.correct(), rm.correct(), what + " correct");
    assertClose(what + " grad", grad, 1e-5, 1e-7 * scale);
  }

  void squaredError(int n, int c, boolean alias) {
    String what = "squaredError " + n + "x" + c + (alias ? " in place" : "");
    M p = t.random(n, c, -3, 3);
    M y = t.random(n, c, -3, 3);
    M grad = alias ? p : t.filled(n, c, Float.NaN);
    LossResult rm = mine.squaredError(p.mine(), y.mine(), grad.mine(), 0.5f);
    LossResult rr = ref.squaredError(p.ref(), y.ref(), grad.ref(), 0.5f);
    assertNear(what + " loss", rr.lossSum(), rm.lossSum(), 1e-6 * rr.lossSum());
    assertEquals(0, rm.correct(), what + " correct");
    assertClose(what + " grad", grad, 4 * EPS, 0);
  }

  void adam(int r, int c) {
    String what = "adam " + r + "x" + c;
    M param = t.random(r, c, -1, 1);
    M m = t.filled(r, c, 0);
    M v = t.filled(r, c, 0);
    for (int step = 1; step <= 5; step++) {
      M g = t.random(r, c, -1, 1);
      mine.adamStep(param.mine(), g.mine(), m.mine(), v.mine(), 0.01f, 0.9f, 0.999f, 1e-8f, step);
      ref.adamStep(param.ref(), g.ref(), m.ref(), v.ref(), 0.01f, 0.9f, 0.999f, 1e-8f, step);
      // |g| <= 1: m and v carry rounding of order eps |g| and eps g^2 from each step
      assertClose(what + " m step " + step, m, 1e-6, 4 * step * EPS);
      assertClose(what + " v step " + step, v, 1e-6, 4 * step * EPS * 1e-3);
      assertClose(what + " param step " + step, param, 1e-6, 1e-7);
    }
  }

  /** One call per method and shape rule, each breaking it. */
  List<Executable> callsWithMismatchedShapes() {
    FloatMatrix a34 = t.mine(3, 4);
    FloatMatrix a43 = t.mine(4, 3);
    FloatMatrix a35 = t.mine(3, 5);
    FloatMatrix a31 = t.mine(3, 1);
    FloatMatrix a41 = t.mine(4, 1);
    FloatMatrix a32 = t.mine(3, 2);
    FloatMatrix r15 = t.mine(1, 5);
    FloatMatrix c41 = t.mine(4, 1);
    IntVector i3 = t.ints(new int[3]).mine();
    IntVector i4 = t.ints(new int[4]).mine();
    Activation relu = Activation.RELU;
    return List.of(
        () -> mine.gemm(false, false, 1, a34, a34, 0, t.mine(3, 4)),
        () -> mine.gemm(false, true, 1, a34, a34, 0, t.mine(4, 3)),
        () -> mine.gemm(true, false, 1, a34, a35, 0, t.mine(4, 4)),
        () -> mine.axpy(1, a34, a43),
        () -> mine.rowSquaredNorms(a34, a41),
        () -> mine.columnSums(a34, r15),
        () -> mine.gatherRows(a34, i3, a35),
        () -> mine.gatherRows(a34, i4, a34),
        () -> mine.rowArgmax(a34, i4),
        () -> mine.kmeansAssign(a34, a35, i3, a34, a31),
        () -> mine.kmeansAssign(a34, a34, i4, a34, a31),
        () -> mine.kmeansAssign(a34, a34, i3, a35, a31),
        () -> mine.kmeansAssign(a34, a34, i3, a34, c41),
        () -> mine.kmeansAssign(a34, t.mine(0, 4), i3, t.mine(0, 4), t.mine(0, 1)),
        () -> mine.addBiasActivate(a34, r15, relu),
        () -> mine.addBiasActivate(a34, t.mine(2, 4), relu),
        () -> mine.activationBackward(a34, a35, relu),
        () -> mine.softmaxCrossEntropy(a34, i3, a35, 1),
        () -> mine.softmaxCrossEntropy(a34, i4, a34, 1),
        () -> mine.logisticLoss(a32, a32, a32, 1),
        () -> mine.logisticLoss(a31, a41, a31, 1),
        () -> mine.logisticLoss(a31, a31, a41, 1),
        () -> mine.squaredError(a34, a43, a34, 1),
        () -> mine.squaredError(a34, a34, a43, 1),
        () -> mine.adamStep(a34, a43, a34, a34, 0.1f, 0.9f, 0.99f, 1e-8f, 1),
        () -> mine.adamStep(a34, a34, a43, a34, 0.1f, 0.9f, 0.99f, 1e-8f, 1),
        () -> mine.adamStep(a34, a34, a34, a43, 0.1f, 0.9f, 0.99f, 1e-8f, 1));
  }
}
