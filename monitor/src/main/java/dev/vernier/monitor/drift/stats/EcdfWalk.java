package dev.vernier.monitor.drift.stats;

/**
 * One merge walk over two samples' distinct values that gives both statistics built on the gap
 * between their empirical CDFs: the Kolmogorov-Smirnov D (the largest gap, {@link
 * KsTwoSample#statistic}) and the first Wasserstein distance (the area between them, {@link
 * dev.vernier.monitor.drift.method.Wasserstein#distance}). A window's column is compared with the
 * same baseline column by both methods, so the second one reads the first one's walk ({@link
 * SortedSample#walkWith}) instead of walking again.
 *
 * <p>Each step passes the smaller next value (both samples' when they tie); the gap after a step is
 * a difference of two ECDFs loaded from {@link SortedSample#cdf}; W1 adds the gap before a step
 * times the distance the step goes. Samples of like size go {@linkplain #steps step by step}, with
 * conditional increments; when one has {@link #RUN_WALK_RATIO} times the other's distinct values or
 * more, the walk goes {@linkplain #runs run by run} through it. Either way D and W1 are, bit for
 * bit, what walks that branch on which sample comes next give ({@code MergeWalkTest}), and do not
 * depend on which sample is the first.
 *
 * @param other the sample this one was walked against (what a memo is keyed by)
 */
public record EcdfWalk(SortedSample other, double ks, double w1) {
  /**
   * From this ratio of distinct values on, the walk goes run by run through the larger sample. On
   * Gaussian samples the step walk is the faster at 1:1 (by a quarter), the two are even at 3:2,
   * and the run walk is the faster from 2:1 on (by a third at 4:1).
   */
  static final int RUN_WALK_RATIO = 2;

  /** Walks {@code a} and {@code b}; the result's {@code other} is {@code a}. */
  static EcdfWalk of(SortedSample a, SortedSample b) {
    int la = a.distinct.length;
    int lb = b.distinct.length;
    double[] r =
        la / RUN_WALK_RATIO >= lb
            ? runs(a, b)
            : lb / RUN_WALK_RATIO >= la ? runs(b, a) : steps(a, b);
    return new EcdfWalk(a, fromExtremes(r[0], r[1]), r[2]);
  }

  /**
   * The walk for samples of like size: {@code i} and {@code j} count the values of {@code a} and
   * {@code b} passed, so the ECDFs after a step are {@code a.cdf[i]} and {@code b.cdf[j]}. A step
   * adds {@code cond ? 1 : 0} to each index, which the JIT compiles to conditional moves where the
   * order is hard to predict. Once one sample runs out, the other's tail is a plain loop. Returns
   * {max, min, w1}.
   */
  private static double[] steps(SortedSample a, SortedSample b) {
    double[] va = a.distinct;
    double[] vb = b.distinct;
    double[] fa = a.cdf;
    double[] fb = b.cdf;
    int la = va.length;
    int lb = vb.length;
    int i = 0;
    int j = 0;
    double max = 0;
    double min = 0;
    double sum = 0;
    double diff = 0; // the gap after the last step
    double x = va[0] <= vb[0] ? va[0] : vb[0]; // the last value passed (the first, before any)
    while (i < la && j < lb) {
      double p = va[i];
      double q = vb[j];
      double next = Math.min(p, q);
      sum += Math.abs(diff) * (next - x);
      x = next;
      i += p <= q ? 1 : 0;
      j += q <= p ? 1 : 0;
      diff = fa[i] - fb[j];
      max = diff > max ? diff : max;
      min = diff < min ? diff : min;
    }
    while (i < la) {
      sum += Math.abs(diff) * (va[i] - x);
      x = va[i];
      diff = fa[++i] - fb[j];
      max = diff > max ? diff : max;
      min = diff < min ? diff : min;
    }
    while (j < lb) {
      sum += Math.abs(diff) * (vb[j] - x);
      x = vb[j];
      diff = fa[i] - fb[++j];
      max = diff > max ? diff : max;
      min = diff < min ? diff : min;
    }
    return new double[] {max, min, sum};
  }

  /**
   * The walk when {@code many} has several values between two of {@code few}'s: for each value y of
   * {@code few}, an inner loop passes {@code many}'s values below y (its ECDF fixed at y's
   * predecessor's), then one step passes y and a tie. The branches are the inner loop's exit, once
   * a run, instead of a guess at every step. The step to y uses y where a walk over both would use
   * an equal value of {@code many}; the two differ at most in the sign of a zero, which a
   * difference with the other, non-zero, end of the step does not see. Returns {max, min, w1} of
   * many - few.
   */
  private static double[] runs(SortedSample many, SortedSample few) {
    double[] vm = many.distinct;
    double[] vf = few.distinct;
    double[] fm = many.cdf;
    double[] ff = few.cdf;
    int lm = vm.length;
    int lf = vf.length;
    int i = 0;
    double max = 0;
    double min = 0;
    double sum = 0;
    double diff = 0;
    double x = vm[0] <= vf[0] ? vm[0] : vf[0];
    for (int j = 0; j < lf; ) {
      double y = vf[j];
      double below = ff[j];
      while (i < lm && vm[i] < y) {
        sum += Math.abs(diff) * (vm[i] - x);
        x = vm[i];
        diff = fm[++i] - below;
        max = diff > max ? diff : max;
        min = diff < min ? diff : min;
      }
      sum += Math.abs(diff) * (y - x);
      x = y;
      if (i < lm && vm[i] == y) {
        i++;
      }
      diff = fm[i] - ff[++j];
      max = diff > max ? diff : max;
      min = diff < min ? diff : min;
    }
    while (i < lm) {
      sum += Math.abs(diff) * (vm[i] - x);
      x = vm[i];
      diff = fm[++i] - ff[lf];
      max = diff > max ? diff : max;
      min = diff < min ? diff : min;
    }
    return new double[] {max, min, sum};
  }

  /** D from the largest positive and the largest negative difference, as scipy compares them. */
  private static double fromExtremes(double max, double min) {
    double minS = Math.min(1.0, Math.max(0.0, -min));
    return minS > max ? minS : max;
  }
}
