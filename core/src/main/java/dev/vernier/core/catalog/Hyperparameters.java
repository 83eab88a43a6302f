package dev.vernier.core.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete, validated set of hyperparameter values for one algorithm, defaults filled in. Values
 * are typed as their ranges say: {@link Double}, {@link Long} or {@link String}. Made only by
 * {@link AlgorithmSpec#resolve}.
 */
public final class Hyperparameters {
  private final Map<String, Object> values;

  Hyperparameters(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public Map<String, Object> asMap() {
    return values;
  }

  public double getDouble(String name) {
    return ((Number) get(name)).doubleValue();
  }

  public int getInt(String name) {
    return Math.toIntExact(((Number) get(name)).longValue());
  }

  public String getString(String name) {
    return (String) get(name);
  }

  private Object get(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no hyperparameter '" + name + "' in " + values.keySet());
    }
    return v;
  }

  /** The values as text, the form they are given on a command line or stored in provenance. */
  public Map<String, String> asStrings() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hyperparameters h && h.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
