package dev.vernier.monitor.evaluate;

import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.quality.ModelViolation;
import java.util.List;
import java.util.Set;

/**
 * What evaluating one window gave: its result (before closing: no incidents or alerts yet), the
 * model-quality violations behind a {@code model_quality} kind (evidence that the result does not
 * store), and the window's counts over the baseline's histogram bins ({@link WindowHistograms}'
 * encoding; null for a window without rows).
 */
public record WindowVerdict(
    WindowResult result, List<ModelViolation> modelViolations, byte[] histograms) {
  public WindowVerdict {
    modelViolations = List.copyOf(modelViolations);
  }

  /** The kinds of violation found, in {@link ViolationKind} order. */
  public Set<ViolationKind> violations() {
    return result.violations();
  }
}
