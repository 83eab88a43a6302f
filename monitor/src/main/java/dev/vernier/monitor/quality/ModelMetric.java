package dev.vernier.monitor.quality;

/** A model-quality metric that {@link ModelQuality#compare} watches. */
public enum ModelMetric {
  ACCURACY(true),
  MACRO_F1(true),
  RMSE(false),
  MAE(false);

  private final boolean higherIsBetter;

  ModelMetric(boolean higherIsBetter) {
    this.higherIsBetter = higherIsBetter;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }
}
