package dev.vernier.monitor.service;

import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.spec.MonitorSpec;
import java.util.Optional;

/**
 * The model's predictions on its baseline data, for the prediction profile and the model's baseline
 * quality. The application implements it (it can load model artifacts; the monitor cannot). Empty
 * when the model cannot be found.
 */
public interface BaselinePredictor {
  /** A prediction and what made it (model id and algorithm, for provenance). */
  record Predictions(double[] values, int classes, String modelId, String algorithm) {}

  Optional<Predictions> predict(MonitorSpec spec, Dataset data);

  BaselinePredictor NONE = (spec, data) -> Optional.empty();
}
