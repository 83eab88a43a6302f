package dev.vernier.monitor.baseline;

import dev.vernier.core.InvalidInputException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One input column: its name, its type and, for a categorical, the ordered category names. A
 * categorical value is the integer code {@code i} of {@code categories().get(i)}.
 *
 * @param categories null for a numeric feature; for a categorical, at least one distinct name
 */
public record FeatureSchema(String name, FeatureType type, List<String> categories) {
  /**
   * The most categories a feature may have: profiles and quality checks keep one exact count per
   * category, so the bound keeps a baseline's size in check.
   */
  public static final int MAX_CATEGORIES = 1 << 16;

  public FeatureSchema {
    Objects.requireNonNull(type, "type");
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("feature name", "must be a non-empty string", name);
    }
    if (type == FeatureType.NUMERIC) {
      if (categories != null) {
        throw new InvalidInputException(
            name + ".categories", "only a categorical feature has categories", categories);
      }
    } else {
      if (categories == null || categories.isEmpty()) {
        throw new InvalidInputException(
            name + ".categories", "a categorical feature needs at least one category", null);
      }
      if (categories.size() > MAX_CATEGORIES) {
        throw new InvalidInputException(
            name + ".categories", "must hold at most " + MAX_CATEGORIES, categories.size());
      }
      categories = List.copyOf(categories);
      if (new HashSet<>(categories).size() != categories.size()) {
        throw new InvalidInputException(
            name + ".categories", "must not repeat a category", categories);
      }
    }
  }

  public static FeatureSchema numeric(String name) {
    return new FeatureSchema(name, FeatureType.NUMERIC, null);
  }

  public static FeatureSchema categorical(String name, List<String> categories) {
    return new FeatureSchema(name, FeatureType.CATEGORICAL, categories);
  }

  public boolean isCategorical() {
    return type == FeatureType.CATEGORICAL;
  }

  /** The number of categories; 0 for a numeric feature. */
  public int categoryCount() {
    return categories == null ? 0 : categories.size();
  }
}
