package dev.vernier.core.catalog;

/** Whether a smaller or a larger value of a metric is better. */
public enum Direction {
  MINIMIZE,
  MAXIMIZE;

  /** True when {@code a} is strictly better than {@code b}; NaN is never better. */
  public boolean isBetter(double a, double b) {
    if (Double.isNaN(a)) {
      return false;
    }
    if (Double.isNaN(b)) {
      return true;
    }
    return this == MINIMIZE ? a < b : a > b;
  }

  /** The value to minimise: {@code v} itself or its negation. */
  public double toLoss(double v) {
    return this == MINIMIZE ? v : -v;
  }
}
