package dev.vernier.monitor.quality;

import dev.vernier.core.InvalidInputException;

/**
 * How much worse than the baseline a window's model quality may be.
 *
 * @param accuracyDrop absolute, e.g. 0.05 = five points of accuracy
 * @param macroF1Drop absolute
 * @param rmseRise relative, e.g. 0.1 = 10% above the baseline's RMSE
 * @param maeRise relative
 * @param minCount windows with fewer labelled pairs are not compared (too noisy)
 */
public record ModelTolerance(
    double accuracyDrop, double macroF1Drop, double rmseRise, double maeRise, long minCount) {
  /** Five points of accuracy or macro-F1, 10% of RMSE or MAE, at least 30 labelled pairs. */
  public static final ModelTolerance DEFAULT = new ModelTolerance(0.05, 0.05, 0.10, 0.10, 30);

  public ModelTolerance {
    check("accuracyDrop", accuracyDrop);
    check("macroF1Drop", macroF1Drop);
    check("rmseRise", rmseRise);
    check("maeRise", maeRise);
    if (minCount < 1) {
      throw new InvalidInputException("minCount", "must be at least 1", minCount);
    }
  }

  private static void check(String field, double v) {
    if (!(v >= 0 && Double.isFinite(v))) {
      throw new InvalidInputException(field, "must be finite and >= 0", v);
    }
  }
}
