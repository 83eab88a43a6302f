package dev.vernier.tuner.stopping;

import java.util.Arrays;
import java.util.Comparator;

/** Spearman's rank correlation, ties given their average rank. */
public final class RankCorrelation {
  private RankCorrelation() {}

  /**
   * The Pearson correlation of the ranks of {@code a} and {@code b} (the same length, at least 2,
   * finite): 1 when they order alike, -1 when opposite; 0 when either is constant.
   */
  public static double spearman(double[] a, double[] b) {
    if (a.length != b.length || a.length < 2) {
      throw new IllegalArgumentException(
          "needs two series of the same length, at least 2: " + a.length + ", " + b.length);
    }
    double[] ra = ranks(a);
    double[] rb = ranks(b);
    double mean = (a.length + 1) / 2.0; // the mean of ranks 1..n, ties averaged
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      double da = ra[i] - mean;
      double db = rb[i] - mean;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
    return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
  }

  /** Ranks from 1, ties sharing the mean of the ranks they span. */
  static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
    double[] r = new double[v.length];
    int i = 0;
    while (i < v.length) {
      int j = i;
      while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = rank;
      }
      i = j + 1;
    }
    return r;
  }
}
