package dev.vernier.monitor.drift;

import dev.vernier.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How p-values of one method across many features are turned into drift decisions. Testing 784
 * pixels at alpha = 0.05 flags about 39 of them when nothing changed; a correction controls that.
 *
 * <p>NaN p-values (a method without one) are never drifted and do not count among the tests.
 */
public enum MultipleTesting {
  /** Each feature on its own: drifted when p < alpha. */
  NONE("none"),
  /** Family-wise error: drifted when p < alpha / m for m tests. */
  BONFERRONI("bonferroni"),
  /**
   * False discovery rate (Benjamini-Hochberg step-up): with p-values sorted, p_(1) <= ... <= p_(m),
   * k the largest rank with p_(k) <= k alpha / m, the features with the k smallest p-values are
   * drifted (every p <= p_(k)).
   */
  BENJAMINI_HOCHBERG("bh");

  private final String id;

  MultipleTesting(String id) {
    this.id = id;
  }

  /** The name users write: {@code none}, {@code bonferroni} or {@code bh}. */
  public String id() {
    return id;
  }

  /**
   * Parses {@code none}, {@code bonferroni}, {@code bh} (or {@code benjamini-hochberg}).
   *
   * @param field the option's name in the error, e.g. {@code --correction}
   */
  public static MultipleTesting parse(String field, String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (MultipleTesting m : values()) {
      if (m.id.equals(t)) {
        return m;
      }
    }
    if (t.equals("benjamini-hochberg")) {
      return BENJAMINI_HOCHBERG;
    }
    throw new InvalidInputException(field, "must be one of [none, bonferroni, bh]", text);
  }

  /** The decisions for p-values {@code p} at level {@code alpha}. */
  public boolean[] apply(double[] p, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new InvalidInputException("alpha", "must be between 0 and 1 (exclusive)", alpha);
    }
    boolean[] drifted = new boolean[p.length];
    int m = 0;
    for (double v : p) {
      if (!Double.isNaN(v)) {
        m++;
      }
    }
    switch (this) {
      case NONE -> {
        for (int i = 0; i < p.length; i++) {
          drifted[i] = p[i] < alpha;
        }
      }
      case BONFERRONI -> {
        double level = alpha / m;
        for (int i = 0; i < p.length; i++) {
          drifted[i] = p[i] < level;
        }
      }
      case BENJAMINI_HOCHBERG -> {
        double[] sorted = Arrays.stream(p).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double cutoff = Double.NEGATIVE_INFINITY;
        for (int k = m; k >= 1; k--) {
          if (sorted[k - 1] <= k * alpha / m) {
            cutoff = sorted[k - 1];
            break;
          }
        }
        for (int i = 0; i < p.length; i++) {
          drifted[i] = p[i] <= cutoff;
        }
      }
      default -> throw new AssertionError(this);
    }
    return drifted;
  }
}
