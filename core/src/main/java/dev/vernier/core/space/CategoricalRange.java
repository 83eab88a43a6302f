package dev.vernier.core.space;

import dev.vernier.core.InvalidInputException;
import java.util.HashSet;
import java.util.List;

/** One of a fixed list of strings; order is kept, duplicates are an error. */
public record CategoricalRange(List<String> values) implements ParameterRange {

  public CategoricalRange {
    if (values == null || values.isEmpty()) {
      throw new InvalidInputException(
          "values", "a categorical range needs at least one value", "[]");
    }
    values = List.copyOf(values);
    if (new HashSet<>(values).size() != values.size()) {
      throw new InvalidInputException("values", "categorical values must be distinct", values);
    }
  }

  public static CategoricalRange of(String... values) {
    return new CategoricalRange(List.of(values));
  }

  @Override
  public String typeName() {
    return "categorical";
  }

  @Override
  public Object parse(String name, String text) {
    return coerce(name, text.trim());
  }

  @Override
  public Object coerce(String name, Object value) {
    String s = String.valueOf(value);
    if (!values.contains(s)) {
      throw new InvalidInputException(name, "must be one of " + values, s);
    }
    return s;
  }

  @Override
  public boolean contains(Object value) {
    return value instanceof String s && values.contains(s);
  }

  @Override
  public double toUnit(Object value) {
    return (values.indexOf(value) + 0.5) / values.size();
  }

  @Override
  public Object fromUnit(double u) {
    int i = (int) Math.floor(Math.max(0, Math.min(1, u)) * values.size());
    return values.get(Math.min(values.size() - 1, i));
  }

  @Override
  public String describe() {
    return "categorical " + values;
  }
}
