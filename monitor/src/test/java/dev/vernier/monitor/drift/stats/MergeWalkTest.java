package dev.vernier.monitor.drift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.monitor.drift.method.Wasserstein;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The merge walks of {@link KsTwoSample#statistic} and {@link Wasserstein#distance} give, bit for
 * bit, what the walks with a branch on which sample comes next gave (kept here as the oracle): same
 * KS maximum, same W1 terms added in the same order. Samples are seeded, so a failure repeats.
 */
class MergeWalkTest {

  @Test
  void randomSamplesOfEveryShapeAgreeBitForBit() {
    SplittableRandom r = new SplittableRandom(20_240_611);
    for (int t = 0; t < 3000; t++) {
      int n1 = size(r);
      int n2 = size(r);
      int shape = r.nextInt(SHAPES);
      double[] a = values(r, n1, shape);
      double[] b = r.nextInt(8) == 0 ? a.clone() : values(r, n2, r.nextInt(SHAPES));
      if (r.nextInt(6) == 0) {
        shift(a, b, r.nextBoolean());
      }
      check(a, b, "pair " + t + " (shape " + shape + ")");
    }
  }

  @Test
  void edgeCasesAgreeBitForBit() {
    double[] gauss = values(new SplittableRandom(5), 3000, 0);
    double[] low = gauss.clone();
    double[] high = gauss.clone();
    shift(low, high, true);
    check(low, high, "one sample entirely below the other");
    check(new double[] {1.5}, new double[] {1.5}, "one value each, equal");
    check(new double[] {1.5}, new double[] {-2}, "one value each, apart");
    check(new double[] {3, 3, 3}, gauss, "a constant sample");
    check(gauss, gauss.clone(), "identical samples");
    double[] evens = new double[2000];
    double[] odds = new double[1999];
    for (int i = 0; i < evens.length; i++) {
      evens[i] = 2 * i;
      if (i < odds.length) {
        odds[i] = 2 * i + 1;
      }
    }
    check(evens, odds, "perfectly interleaved");
    check(new double[] {-0.0, -0.0, 1}, new double[] {0.0, 1, 1}, "-0.0 against 0.0");
    check(new double[] {-0.0}, new double[] {0.0}, "-0.0 alone against 0.0 alone");
    check(new double[] {-1, 0.0}, new double[] {-0.0, 2}, "zeros inside");
    check(new double[] {-5, 7}, new double[] {-5, 7}, "same two values");
    check(new double[] {-5, 0, 7}, new double[] {-5, 7}, "a value between shared ends");
  }

  private static void check(double[] a, double[] b, String what) {
    SortedSample sa = SortedSample.of("a", a);
    SortedSample sb = SortedSample.of("b", b);
    for (int order = 0; order < 2; order++) {
      SortedSample x = order == 0 ? sa : sb;
      SortedSample y = order == 0 ? sb : sa;
      String where = what + ", " + x.size() + " vs " + y.size() + " values, order " + order;
      assertEquals(
          Double.doubleToRawLongBits(branchingKs(x, y)),
          Double.doubleToRawLongBits(KsTwoSample.statistic(x, y)),
          "ks: " + where);
      assertEquals(
          Double.doubleToRawLongBits(branchingW1(x, y)),
          Double.doubleToRawLongBits(Wasserstein.distance(x, y)),
          "wasserstein: " + where);
    }
  }

  private static final int SHAPES = 6;

  /** Mostly small samples, where the walks' ends are most of the work, up to 5,000 values. */
  private static int size(SplittableRandom r) {
    switch (r.nextInt(4)) {
      case 0:
        return 1 + r.nextInt(5);
      case 1:
        return 1 + r.nextInt(60);
      case 2:
        return 1 + r.nextInt(800);
      default:
        return 1 + r.nextInt(5000);
    }
  }

  private static double[] values(SplittableRandom r, int n, int shape) {
    double[] v = new double[n];
    int levels = 1 + r.nextInt(5);
    for (int i = 0; i < n; i++) {
      double g = gaussian(r);
      v[i] =
          switch (shape) {
            case 0 -> (float) g; // a float32 column, as the monitor sees
            case 1 -> r.nextInt(levels); // heavy ties: a few integers
            case 2 -> Math.rint(g * 2) / 2; // ties on a grid
            case 3 -> r.nextBoolean() ? -0.0 : r.nextInt(3) - 1.0; // signed zeros among -1, 0, 1
            case 4 -> g * 1e-300; // tiny gaps
            default -> (float) (g * 3 + r.nextInt(2) * 10); // two modes
          };
      if (v[i] == 0 && r.nextBoolean()) {
        v[i] = -0.0;
      }
    }
    return v;
  }

  /** Moves one sample past the other's extremes: below when {@code aBelow}, else above. */
  private static void shift(double[] a, double[] b, boolean aBelow) {
    double span =
        Math.max(Arrays.stream(a).max().orElseThrow(), Arrays.stream(b).max().orElseThrow())
            - Math.min(Arrays.stream(a).min().orElseThrow(), Arrays.stream(b).min().orElseThrow());
    for (int i = 0; i < b.length; i++) {
      b[i] += (aBelow ? 1 : -1) * (span + 1);
    }
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1.0 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** The KS walk as it was, branching on which sample has the smaller next value. */
  private static double branchingKs(SortedSample a, SortedSample b) {
    double[] va = a.distinct;
    double[] vb = b.distinct;
    int[] ca = a.atMost;
    int[] cb = b.atMost;
    int na = a.size();
    int nb = b.size();
    int i = 0;
    int j = 0;
    int countA = 0;
    int countB = 0;
    double max = 0;
    double min = 0;
    while (i < va.length || j < vb.length) {
      double x = i < va.length ? (j < vb.length ? Math.min(va[i], vb[j]) : va[i]) : vb[j];
      if (i < va.length && va[i] == x) {
        countA = ca[i++];
      }
      if (j < vb.length && vb[j] == x) {
        countB = cb[j++];
      }
      double diff = (double) countA / na - (double) countB / nb;
      if (diff > max) {
        max = diff;
      } else if (diff < min) {
        min = diff;
      }
    }
    double minS = Math.min(1.0, Math.max(0.0, -min));
    return minS > max ? minS : max;
  }

  /** The W1 walk as it was, branching on which sample has the smaller next value. */
  private static double branchingW1(SortedSample a, SortedSample b) {
    double[] va = a.distinct;
    double[] vb = b.distinct;
    int[] ca = a.atMost;
    int[] cb = b.atMost;
    int na = a.size();
    int nb = b.size();
    int i = 0;
    int j = 0;
    int countA = 0;
    int countB = 0;
    double sum = 0;
    double x = i < va.length && va[0] <= vb[0] ? va[0] : vb[0];
    while (true) {
      if (i < va.length && va[i] == x) {
        countA = ca[i++];
      }
      if (j < vb.length && vb[j] == x) {
        countB = cb[j++];
      }
      if (i == va.length && j == vb.length) {
        return sum;
      }
      double next = i < va.length ? (j < vb.length ? Math.min(va[i], vb[j]) : va[i]) : vb[j];
      sum += Math.abs((double) countA / na - (double) countB / nb) * (next - x);
      x = next;
    }
  }
}
