package dev.vernier.monitor.baseline;

import dev.vernier.core.InvalidInputException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a window's values of one feature must satisfy.
 *
 * @param minCompleteness the least share of rows with a value, in [0, 1]
 * @param range numeric features only: values must lie in it; null for no range check (and always
 *     null for a categorical)
 * @param allowedCategories categorical features only: the categories a value may take, a non-empty
 *     subset of the schema's; null for a numeric feature
 */
public record FeatureConstraint(
    String name,
    FeatureType type,
    double minCompleteness,
    NumericRange range,
    List<String> allowedCategories) {
  public FeatureConstraint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!(minCompleteness >= 0 && minCompleteness <= 1)) {
      throw new InvalidInputException(
          name + ".minCompleteness", "must be between 0 and 1", minCompleteness);
    }
    if (type == FeatureType.NUMERIC && allowedCategories != null) {
      throw new InvalidInputException(
          name + ".allowedCategories", "only a categorical feature has categories", null);
    }
    if (type == FeatureType.CATEGORICAL) {
      if (range != null) {
        throw new InvalidInputException(
            name + ".range", "only a numeric feature has a range", range);
      }
      if (allowedCategories == null || allowedCategories.isEmpty()) {
        throw new InvalidInputException(
            name + ".allowedCategories", "must list at least one category", null);
      }
      allowedCategories = List.copyOf(allowedCategories);
      if (new HashSet<>(allowedCategories).size() != allowedCategories.size()) {
        throw new InvalidInputException(
            name + ".allowedCategories", "must not repeat a category", allowedCategories);
      }
    }
  }

  public static FeatureConstraint numeric(String name, double minCompleteness, NumericRange r) {
    return new FeatureConstraint(name, FeatureType.NUMERIC, minCompleteness, r, null);
  }

  public static FeatureConstraint categorical(
      String name, double minCompleteness, List<String> allowed) {
    return new FeatureConstraint(name, FeatureType.CATEGORICAL, minCompleteness, null, allowed);
  }

  /** A copy with another range (numeric only; null drops the range check). */
  public FeatureConstraint withRange(NumericRange r) {
    return new FeatureConstraint(name, type, minCompleteness, r, allowedCategories);
  }

  /** A copy with another minimum completeness. */
  public FeatureConstraint withMinCompleteness(double c) {
    return new FeatureConstraint(name, type, c, range, allowedCategories);
  }
}
