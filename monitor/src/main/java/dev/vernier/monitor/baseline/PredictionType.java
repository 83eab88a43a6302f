package dev.vernier.monitor.baseline;

/** What a model predicts: a class index, or a number (regression). */
public enum PredictionType {
  CLASS,
  NUMERIC
}
