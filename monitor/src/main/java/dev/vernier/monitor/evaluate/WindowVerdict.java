package dev.vernier.monitor.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * What evaluating one window gave: the result document stored with the window, and the kinds of
 * violation found in it ({@code drift}, {@code data_quality}, {@code prediction_drift}, {@code
 * model_quality}) with their evidence, and the window's counts over the baseline's histogram bins
 * ({@link WindowHistograms}' encoding; null for a window without rows).
 */
public record WindowVerdict(
    ObjectNode result, Map<String, ObjectNode> violations, byte[] histograms) {
  public WindowVerdict {
    violations = Map.copyOf(violations);
  }
}
