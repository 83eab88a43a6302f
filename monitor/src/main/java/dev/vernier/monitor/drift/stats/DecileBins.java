package dev.vernier.monitor.drift.stats;

import java.util.Arrays;

/**
 * The bins PSI and Jensen-Shannon compare: edges at the baseline's deciles, {@code
 * np.unique(np.quantile(baseline, np.linspace(0.1, 0.9, 9)))} with numpy's default 'linear'
 * interpolation, and right-closed bins {@code (-inf, e1], (e1, e2], ..., (ek, inf)} (numpy's {@code
 * searchsorted(edges, x, side='left')}). Ties collapse edges: a pixel that is 0 in more than 10% of
 * the images has fewer than ten bins.
 *
 * <p>Immutable; fitted once on the baseline, which it then forgets except for its bin counts.
 */
public final class DecileBins {
  /** {@code np.linspace(0.1, 0.9, 9)}, computed as numpy does: start + i * step, the last exact. */
  static final double[] LEVELS = linspace(0.1, 0.9, 9);

  private final double[] edges;
  private final int[] baselineCounts;
  private final int baselineSize;

  private DecileBins(double[] edges, int[] baselineCounts, int baselineSize) {
    this.edges = edges;
    this.baselineCounts = baselineCounts;
    this.baselineSize = baselineSize;
  }

  /** The bins of a baseline. */
  public static DecileBins fit(SortedSample baseline) {
    double[] q = new double[LEVELS.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = quantile(baseline, LEVELS[i]);
    }
    Arrays.sort(q);
    int k = 0;
    for (int i = 0; i < q.length; i++) {
      if (i == 0 || q[i] != q[k - 1]) {
        q[k++] = q[i];
      }
    }
    double[] edges = Arrays.copyOf(q, k);
    DecileBins shape = new DecileBins(edges, null, 0);
    return new DecileBins(edges, shape.counts(baseline), baseline.size());
  }

  /** numpy's {@code np.quantile(sample, level)}, method 'linear', bit for bit. */
  static double quantile(SortedSample s, double level) {
    int n = s.size();
    double virtual = (n - 1) * level;
    if (virtual >= n - 1) {
      return s.valueAt(n - 1);
    }
    int previous = (int) Math.floor(virtual);
    double gamma = virtual - previous;
    double a = s.valueAt(previous);
    double b = s.valueAt(previous + 1);
    double diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }

  private static double[] linspace(double start, double stop, int num) {
    double step = (stop - start) / (num - 1);
    double[] y = new double[num];
    for (int i = 0; i < num; i++) {
      y[i] = i * step + start;
    }
    y[num - 1] = stop;
    return y;
  }

  /** The number of bins: edges + 1. */
  public int binCount() {
    return edges.length + 1;
  }

  /** The edges, ascending and distinct. */
  public double[] edges() {
    return edges.clone();
  }

  /** How many of {@code sample}'s values fall in each bin. */
  public int[] counts(SortedSample sample) {
    int[] c = new int[edges.length + 1];
    int below = 0;
    for (int i = 0; i < edges.length; i++) {
      int atMost = sample.countAtMost(edges[i]);
      c[i] = atMost - below;
      below = atMost;
    }
    c[edges.length] = sample.size() - below;
    return c;
  }

  /** The baseline's share in each bin. */
  public double[] baselineProportions() {
    return proportions(baselineCounts, baselineSize);
  }

  /** {@code sample}'s share in each bin. */
  public double[] proportions(SortedSample sample) {
    return proportions(counts(sample), sample.size());
  }

  static double[] proportions(int[] counts, int n) {
    double[] p = new double[counts.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (double) counts[i] / n;
    }
    return p;
  }
}
