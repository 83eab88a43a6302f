package dev.vernier.monitor.quality;

import java.util.Objects;

/**
 * A broken data-quality constraint.
 *
 * @param feature the feature's name
 * @param observed what the window showed: completeness, mismatch count, out-of-range share or
 *     unseen-category share
 * @param limit the bound it crossed: minimum completeness, 0 mismatches, or the tolerated share
 * @param message for a person, with the counts behind the numbers
 */
public record Violation(
    String feature, Check check, double observed, double limit, String message) {
  public Violation {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(message, "message");
  }
}
