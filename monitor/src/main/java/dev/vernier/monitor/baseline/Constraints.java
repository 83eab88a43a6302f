package dev.vernier.monitor.baseline;

import dev.vernier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Per-feature data-quality rules, one per schema feature in schema order. Suggested from a baseline
 * by {@link #suggest}, then editable by the user as JSON ({@link ConstraintsCodec}).
 */
public record Constraints(List<FeatureConstraint> features) {
  public Constraints {
    features = List.copyOf(features);
  }

  /**
   * How far suggested constraints sit from what the baseline showed.
   *
   * @param completeness subtracted from the baseline's completeness to give the minimum
   *     completeness (clamped to [0, 1]); absorbs sampling noise in small windows
   * @param range the numeric range {@code [min, max]} of the baseline is widened by this fraction
   *     of {@code max - min} on each side; 0 keeps the baseline's exact range
   */
  public record Margins(double completeness, double range) {
    /** 0.05 completeness, no range widening. */
    public static final Margins DEFAULT = new Margins(0.05, 0.0);

    public Margins {
      if (!(completeness >= 0 && completeness <= 1)) {
        throw new InvalidInputException(
            "margins.completeness", "must be between 0 and 1", completeness);
      }
      if (!(range >= 0 && Double.isFinite(range))) {
        throw new InvalidInputException("margins.range", "must be finite and >= 0", range);
      }
    }
  }

  /**
   * Suggests constraints from baseline profiles:
   *
   * <ul>
   *   <li>minimum completeness = baseline completeness minus {@link Margins#completeness()};
   *   <li>numeric range = the baseline's {@code [min, max]} widened by {@link Margins#range()}; no
   *       range check for a feature without values;
   *   <li>allowed categories = the categories the baseline saw, in schema order (all of the
   *       schema's when it saw none).
   * </ul>
   */
  public static Constraints suggest(Schema schema, List<FeatureProfile> profiles, Margins m) {
    if (profiles.size() != schema.size()) {
      throw new IllegalArgumentException(
          profiles.size() + " profiles for " + schema.size() + " features");
    }
    List<FeatureConstraint> out = new ArrayList<>(schema.size());
    for (int i = 0; i < schema.size(); i++) {
      FeatureSchema f = schema.feature(i);
      FeatureProfile p = profiles.get(i);
      double completeness = Math.max(0.0, Math.min(1.0, p.completeness() - m.completeness()));
      if (f.isCategorical()) {
        long[] counts = p.categoryCounts();
        List<String> seen = new ArrayList<>();
        for (int c = 0; c < f.categoryCount(); c++) {
          if (c < counts.length && counts[c] > 0) {
            seen.add(f.categories().get(c));
          }
        }
        out.add(
            FeatureConstraint.categorical(
                f.name(), completeness, seen.isEmpty() ? f.categories() : seen));
      } else {
        NumericRange r = null;
        if (p.count() > 0) {
          double pad = (p.max() - p.min()) * m.range();
          r = new NumericRange(p.min() - pad, p.max() + pad);
        }
        out.add(FeatureConstraint.numeric(f.name(), completeness, r));
      }
    }
    return new Constraints(out);
  }

  public int size() {
    return features.size();
  }

  public FeatureConstraint feature(int i) {
    return features.get(i);
  }

  /**
   * Fails unless these constraints fit the schema: one per feature, same names, types, allowed
   * categories among the schema's. Errors name the path {@code $.features[i]...}.
   */
  public void requireMatches(Schema schema) {
    if (features.size() != schema.size()) {
      throw new InvalidInputException(
          "$.features", "must list the schema's " + schema.size() + " features", features.size());
    }
    for (int i = 0; i < features.size(); i++) {
      FeatureConstraint c = features.get(i);
      FeatureSchema f = schema.feature(i);
      String at = "$.features[" + i + "]";
      if (!c.name().equals(f.name())) {
        throw new InvalidInputException(
            at + ".name", "must be '" + f.name() + "', the schema's feature " + i, c.name());
      }
      if (c.type() != f.type()) {
        throw new InvalidInputException(
            at + ".type", "must be " + f.type() + " as in the schema", c.type());
      }
      if (c.allowedCategories() != null) {
        Set<String> known = new HashSet<>(f.categories());
        List<String> allowed = c.allowedCategories();
        for (int j = 0; j < allowed.size(); j++) {
          if (!known.contains(allowed.get(j))) {
            throw new InvalidInputException(
                at + ".allowedCategories[" + j + "]",
                "must be one of the schema's categories " + abbreviate(f.categories()),
                allowed.get(j));
          }
        }
      }
    }
  }

  static String abbreviate(List<String> names) {
    String s = names.toString();
    return s.length() <= 200 ? s : s.substring(0, 197) + "...]";
  }
}
