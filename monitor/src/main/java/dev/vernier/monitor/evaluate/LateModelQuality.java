package dev.vernier.monitor.evaluate;

import dev.vernier.monitor.alert.AlertRule;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.alert.WindowKinds;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A closed window's result with its model quality evaluated again from labels that joined late: the
 * model quality and the {@code model_quality} kind are replaced; when the window now violates it,
 * was not alerted for it, and the {@link AlertRule} (over the closed windows before it) starts an
 * incident here, the result lists a {@code model_quality} alert, raised once. Plain computation.
 */
public final class LateModelQuality {
  private LateModelQuality() {}

  /**
   * What re-evaluating gave.
   *
   * @param alert whether a {@code model_quality} alert is to be raised now
   */
  public record Outcome(WindowResult result, boolean alert) {}

  /**
   * @param stored the window's stored result
   * @param found its model quality from all its labels now
   * @param previous the kinds of the closed windows before it, newest first
   */
  public static Outcome apply(
      WindowResult stored, ModelQualityVerdict found, AlertRule rule, List<WindowKinds> previous) {
    Set<ViolationKind> violations = new LinkedHashSet<>(stored.violations());
    violations.remove(ViolationKind.MODEL_QUALITY);
    if (found.violated()) {
      violations.add(ViolationKind.MODEL_QUALITY);
    }
    WindowResult result = stored.withModelQuality(found.figures(), violations);
    if (found.violated()
        && !stored.kinds().alerts().contains(ViolationKind.MODEL_QUALITY)
        && rule.decide(violations, previous).alerts().contains(ViolationKind.MODEL_QUALITY)) {
      return new Outcome(result.withAlert(ViolationKind.MODEL_QUALITY), true);
    }
    return new Outcome(result, false);
  }
}
