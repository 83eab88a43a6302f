package dev.vernier.monitor.baseline;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The columns a model reads, in order, and the column it writes.
 *
 * @param features one per dataset column, in column order; names are unique
 * @param prediction the prediction column, or null when the baseline has no predictions
 */
public record Schema(List<FeatureSchema> features, PredictionSchema prediction) {
  public Schema {
    features = List.copyOf(features);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < features.size(); i++) {
      Integer before = seen.put(features.get(i).name(), i);
      if (before != null) {
        throw new InvalidInputException(
            "features[" + i + "].name",
            "must be unique; features[" + before + "] has the same name",
            features.get(i).name());
      }
    }
  }

  /** All columns numeric, named {@code f0 .. f{cols-1}}, no prediction column. */
  public static Schema numeric(int cols) {
    List<FeatureSchema> f = new ArrayList<>(cols);
    for (int i = 0; i < cols; i++) {
      f.add(FeatureSchema.numeric("f" + i));
    }
    return new Schema(f, null);
  }

  /**
   * Infers the schema of a dataset: every column numeric except {@code categoricalColumns}, whose
   * values must be integer codes (or NaN for missing); a categorical column's categories are the
   * codes {@code "0", "1", ..} up to the largest code seen. Reads only the categorical columns.
   *
   * @param names one per column, or null for {@code f0 .. f{cols-1}}
   * @param categoricalColumns zero-based column indices
   */
  public static Schema infer(Dataset data, List<String> names, Set<Integer> categoricalColumns) {
    int cols = data.cols();
    if (names != null && names.size() != cols) {
      throw new InvalidInputException(
          "feature names", "must name each of the " + cols + " columns", names.size());
    }
    for (int c : categoricalColumns) {
      if (c < 0 || c >= cols) {
        throw new InvalidInputException(
            "categorical columns", "must be between 0 and " + (cols - 1), c);
      }
    }
    List<FeatureSchema> f = new ArrayList<>(cols);
    float[] x = data.features();
    for (int c = 0; c < cols; c++) {
      String name = names == null ? "f" + c : names.get(c);
      if (!categoricalColumns.contains(c)) {
        f.add(FeatureSchema.numeric(name));
        continue;
      }
      int max = -1;
      for (int r = 0; r < data.rows(); r++) {
        float v = x[r * cols + c];
        if (Float.isNaN(v)) {
          continue;
        }
        if (v != Math.rint(v) || v < 0 || v >= FeatureSchema.MAX_CATEGORIES) {
          throw new InvalidInputException(
              data.name() + " row " + (r + 1) + " column " + name,
              "a categorical column needs integer codes between 0 and "
                  + (FeatureSchema.MAX_CATEGORIES - 1),
              v);
        }
        max = Math.max(max, (int) v);
      }
      List<String> categories = new ArrayList<>(max + 1);
      for (int i = 0; i <= Math.max(max, 0); i++) {
        categories.add(Integer.toString(i));
      }
      f.add(FeatureSchema.categorical(name, categories));
    }
    return new Schema(f, null);
  }

  /** The same features with another prediction column (null for none). */
  public Schema withPrediction(PredictionSchema p) {
    return new Schema(features, p);
  }

  public int size() {
    return features.size();
  }

  public FeatureSchema feature(int i) {
    return features.get(i);
  }

  /** The index of the named feature; fails listing the names that exist. */
  public int indexOf(String name) {
    for (int i = 0; i < features.size(); i++) {
      if (features.get(i).name().equals(name)) {
        return i;
      }
    }
    Set<String> known = new TreeSet<>();
    features.forEach(f -> known.add(f.name()));
    throw new InvalidInputException(
        "feature", "is not in the schema; known: " + abbreviate(known), name);
  }

  private static String abbreviate(Set<String> names) {
    String s = names.toString();
    return s.length() <= 200 ? s : s.substring(0, 197) + "...]";
  }
}
