package dev.vernier.monitor.evaluate;

import dev.vernier.monitor.evaluate.WindowResult.ModelQualityFigures;
import dev.vernier.monitor.quality.ModelViolation;
import java.util.List;

/**
 * A window's model quality from its joined labels: the figures (null without labels or without a
 * known prediction type) and the violations of the baseline's tolerance (empty below {@link
 * WindowEvaluator#MIN_LABELS} labels or without a baseline quality).
 */
public record ModelQualityVerdict(ModelQualityFigures figures, List<ModelViolation> violations) {
  public static final ModelQualityVerdict NONE = new ModelQualityVerdict(null, List.of());

  public ModelQualityVerdict {
    violations = List.copyOf(violations);
  }

  /** Whether the model's quality fell outside the tolerance. */
  public boolean violated() {
    return !violations.isEmpty();
  }
}
