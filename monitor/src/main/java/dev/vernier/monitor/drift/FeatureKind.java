package dev.vernier.monitor.drift;

/** What a feature's values are, which decides the drift methods that apply to it. */
public enum FeatureKind {
  /** Real numbers: compared by their distribution (KS, PSI, JS, Wasserstein). */
  NUMERIC,
  /**
   * Category codes: non-negative integers stored as doubles, {@code -1} for a category the encoder
   * did not know; compared by their frequencies (chi-squared, L-infinity).
   */
  CATEGORICAL
}
