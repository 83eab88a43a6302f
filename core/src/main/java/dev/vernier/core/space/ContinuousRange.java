package dev.vernier.core.space;

import dev.vernier.core.InvalidInputException;

/** Real values in {@code [min, max]}, searched on a linear, logarithmic or reverse-log scale. */
public record ContinuousRange(double min, double max, Scaling scaling) implements ParameterRange {

  /** Validates the bounds for the scaling; {@code AUTO} is resolved here. */
  public ContinuousRange {
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      throw new InvalidInputException("range", "bounds must be finite numbers", min + ".." + max);
    }
    if (min > max) {
      throw new InvalidInputException("range", "MinValue must be <= MaxValue", min + " > " + max);
    }
    if (scaling == null || scaling == Scaling.AUTO) {
      scaling = Scaling.resolveAuto(min, max);
    }
    checkScaling("range", min, max, scaling);
  }

  static void checkScaling(String field, double min, double max, Scaling scaling) {
    if (scaling == Scaling.LOGARITHMIC && !(min > 0)) {
      throw new InvalidInputException(field, "Logarithmic scaling needs MinValue > 0", min);
    }
    if (scaling == Scaling.REVERSE_LOGARITHMIC && !(min >= 0 && max < 1)) {
      throw new InvalidInputException(
          field,
          "ReverseLogarithmic scaling needs 0 <= MinValue <= MaxValue < 1",
          min + ".." + max);
    }
  }

  public static ContinuousRange linear(double min, double max) {
    return new ContinuousRange(min, max, Scaling.LINEAR);
  }

  public static ContinuousRange log(double min, double max) {
    return new ContinuousRange(min, max, Scaling.LOGARITHMIC);
  }

  @Override
  public String typeName() {
    return "continuous";
  }

  @Override
  public Object parse(String name, String text) {
    double v;
    try {
      v = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name, "must be a number", text);
    }
    return coerce(name, v);
  }

  @Override
  public Object coerce(String name, Object value) {
    if (!(value instanceof Number n)) {
      throw new InvalidInputException(name, "must be a number", value);
    }
    double v = n.doubleValue();
    if (!contains(v)) {
      throw new InvalidInputException(name, "must be between " + min + " and " + max, v);
    }
    return v;
  }

  @Override
  public boolean contains(Object value) {
    return value instanceof Double d && d >= min && d <= max;
  }

  @Override
  public double toUnit(Object value) {
    return Scales.toUnit(((Number) value).doubleValue(), min, max, scaling);
  }

  @Override
  public Object fromUnit(double u) {
    return Scales.fromUnit(u, min, max, scaling);
  }

  @Override
  public String describe() {
    return "continuous [" + min + ", " + max + "] " + Scales.label(scaling);
  }
}
