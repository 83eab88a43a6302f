package dev.vernier.monitor.drift;

/**
 * {@code wasserstein}: the first Wasserstein (earth mover's) distance between the raw values, as
 * scipy's {@code stats.wasserstein_distance(baseline, current)}: the area between the two empirical
 * CDFs, {@code sum |F_b(x_i) - F_c(x_i)| (x_{i+1} - x_i)} over the merged sorted values. In the
 * feature's own units.
 *
 * <p><b>Default threshold.</b> Because the distance has the feature's units, no fixed limit suits
 * every feature; the default is <em>relative</em>: drifted when W1 > 0.1 times the baseline's
 * standard deviation (population, ddof 0), resolved at fit time. A shift of the whole distribution
 * by a tenth of its spread crosses it. A baseline with no spread (a constant feature) gets the
 * limit 0: any change at all is drift.
 */
public final class Wasserstein implements DriftMethod {
  public static final String NAME = "wasserstein";

  /** The default limit, as a multiple of the baseline's standard deviation. */
  public static final double DEFAULT_STD_FACTOR = 0.1;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "First Wasserstein distance between the raw values (area between the two CDFs)";
  }

  @Override
  public FeatureKind kind() {
    return FeatureKind.NUMERIC;
  }

  @Override
  public boolean hasPValue() {
    return false;
  }

  @Override
  public Threshold defaultThreshold() {
    return Threshold.statisticAboveBaselineStd(DEFAULT_STD_FACTOR);
  }

  @Override
  public Fitted fit(SortedSample baseline, Threshold threshold) {
    Threshold t = Methods.check(this, threshold).resolve(baseline.std());
    return Methods.fitted(
        NAME,
        t,
        current -> {
          return DriftScore.of(NAME, distance(baseline, current), Double.NaN, t);
        });
  }

  /**
   * W1 between two samples, by one walk over their distinct values: each step passes the smaller
   * next value (both samples' when they tie) and adds the gap between the two ECDFs times the
   * distance to the value after it. The gap's size does not depend on which sample is the first,
   * so, as for {@link KsTwoSample#statistic}, the walk goes {@linkplain #runs run by run} through a
   * sample with {@link KsTwoSample#RUN_WALK_RATIO} times the other's distinct values and
   * {@linkplain #steps step by step} otherwise; either adds the same terms in the same order as a
   * walk that branches on which sample comes next, so the sum is bit for bit the same ({@code
   * MergeWalkTest}).
   */
  static double distance(SortedSample a, SortedSample b) {
    int la = a.distinct.length;
    int lb = b.distinct.length;
    if (la / KsTwoSample.RUN_WALK_RATIO >= lb) {
      return runs(a, b);
    }
    if (lb / KsTwoSample.RUN_WALK_RATIO >= la) {
      return runs(b, a);
    }
    return steps(a, b);
  }

  /**
   * {@code i} and {@code j} count the values of {@code a} and {@code b} passed, {@code x} is the
   * last value passed; the ECDFs are loaded from {@link SortedSample#cdf} and the indices advance
   * by conditional increments, as in {@link KsTwoSample}'s step walk.
   */
  private static double steps(SortedSample a, SortedSample b) {
    double[] va = a.distinct;
    double[] vb = b.distinct;
    double[] fa = a.cdf;
    double[] fb = b.cdf;
    int la = va.length;
    int lb = vb.length;
    double x = va[0] <= vb[0] ? va[0] : vb[0];
    int i = va[0] <= vb[0] ? 1 : 0;
    int j = vb[0] <= va[0] ? 1 : 0;
    double sum = 0;
    while (i < la && j < lb) {
      double p = va[i];
      double q = vb[j];
      double next = Math.min(p, q);
      sum += Math.abs(fa[i] - fb[j]) * (next - x);
      x = next;
      i += p <= q ? 1 : 0;
      j += q <= p ? 1 : 0;
    }
    for (; i < la; i++) {
      sum += Math.abs(fa[i] - fb[j]) * (va[i] - x);
      x = va[i];
    }
    for (; j < lb; j++) {
      sum += Math.abs(fa[i] - fb[j]) * (vb[j] - x);
      x = vb[j];
    }
    return sum;
  }

  /**
   * As {@link KsTwoSample}'s run walk: for each value y of {@code few}, an inner loop passes {@code
   * many}'s values below y, then one step passes y (and a tie). The step to y may use y where a
   * walk over both would use an equal value of {@code many}; the two differ at most in the sign of
   * a zero, which a difference with the other, non-zero, end of the step does not see.
   */
  private static double runs(SortedSample many, SortedSample few) {
    double[] vm = many.distinct;
    double[] vf = few.distinct;
    double[] fm = many.cdf;
    double[] ff = few.cdf;
    int lm = vm.length;
    int lf = vf.length;
    double x = vm[0] <= vf[0] ? vm[0] : vf[0];
    int i = vm[0] <= vf[0] ? 1 : 0;
    int j = vf[0] <= vm[0] ? 1 : 0;
    double sum = 0;
    for (; j < lf; j++) {
      double y = vf[j];
      double below = ff[j];
      while (i < lm && vm[i] < y) {
        sum += Math.abs(fm[i] - below) * (vm[i] - x);
        x = vm[i++];
      }
      sum += Math.abs(fm[i] - below) * (y - x);
      x = y;
      if (i < lm && vm[i] == y) {
        i++;
      }
    }
    for (; i < lm; i++) {
      sum += Math.abs(fm[i] - ff[lf]) * (vm[i] - x);
      x = vm[i];
    }
    return sum;
  }
}
