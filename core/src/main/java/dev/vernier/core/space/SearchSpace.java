package dev.vernier.core.space;

import dev.vernier.core.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named parameter ranges in a fixed order (the order strategies number their dimensions in). */
public record SearchSpace(Map<String, ParameterRange> ranges) {

  public SearchSpace {
    if (ranges == null || ranges.isEmpty()) {
      throw new InvalidInputException("ParameterRanges", "must name at least one parameter", "{}");
    }
    for (String name : ranges.keySet()) {
      if (name == null || name.isBlank()) {
        throw new InvalidInputException(
            "ParameterRanges", "parameter names must not be blank", name);
      }
    }
    ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
  }

  public int dimensions() {
    return ranges.size();
  }

  /** Checks that {@code config} has exactly this space's names, each value inside its range. */
  public void validate(Map<String, Object> config) {
    for (var e : ranges.entrySet()) {
      Object v = config.get(e.getKey());
      if (v == null) {
        throw new InvalidInputException(e.getKey(), "missing from the configuration", null);
      }
      if (!e.getValue().contains(v)) {
        throw new InvalidInputException(e.getKey(), "must lie in " + e.getValue().describe(), v);
      }
    }
    for (String k : config.keySet()) {
      if (!ranges.containsKey(k)) {
        throw new InvalidInputException(
            k, "is not a parameter of this search space " + ranges.keySet(), k);
      }
    }
  }
}
