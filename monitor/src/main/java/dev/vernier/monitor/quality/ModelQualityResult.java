package dev.vernier.monitor.quality;

/** Model quality over a window or a baseline: a classifier's or a regressor's. */
public sealed interface ModelQualityResult permits ClassificationQuality, RegressionQuality {
  /** Pairs with both a prediction and a label. */
  long count();

  /** Pairs skipped because the prediction or the label was missing (NaN). */
  long skipped();
}
