package dev.vernier.monitor.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.monitor.alert.ViolationKind;
import java.util.Map;

/**
 * What evaluating one window gave: the result document stored with the window, and the kinds of
 * violation found in it with their evidence, and the window's counts over the baseline's histogram
 * bins ({@link WindowHistograms}' encoding; null for a window without rows).
 */
public record WindowVerdict(
    ObjectNode result, Map<ViolationKind, ObjectNode> violations, byte[] histograms) {
  public WindowVerdict {
    violations = Map.copyOf(violations);
  }
}
