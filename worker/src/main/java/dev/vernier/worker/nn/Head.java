package dev.vernier.worker.nn;

/** The output layer's loss: what the network predicts. */
public enum Head {
  /** Multiclass classification: softmax cross-entropy over {@code outputs} classes. */
  SOFTMAX,
  /** Binary classification: one logit, logistic loss, labels 0 or 1. */
  LOGISTIC,
  /** Regression: one output, squared error. */
  SQUARED
}
