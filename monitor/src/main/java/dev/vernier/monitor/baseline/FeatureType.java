package dev.vernier.monitor.baseline;

/** How a feature's values are read: as numbers, or as integer codes of named categories. */
public enum FeatureType {
  NUMERIC,
  CATEGORICAL
}
