package dev.vernier.core.space;

import dev.vernier.core.InvalidInputException;

/** Integers in {@code [min, max]}, searched on a linear or logarithmic scale. */
public record IntegerRange(long min, long max, Scaling scaling) implements ParameterRange {

  public IntegerRange {
    if (min > max) {
      throw new InvalidInputException("range", "MinValue must be <= MaxValue", min + " > " + max);
    }
    if (scaling == null || scaling == Scaling.AUTO) {
      scaling = Scaling.resolveAuto(min, max);
    }
    if (scaling == Scaling.REVERSE_LOGARITHMIC) {
      throw new InvalidInputException(
          "range", "ReverseLogarithmic scaling is only for continuous ranges", "integer");
    }
    ContinuousRange.checkScaling("range", min, max, scaling);
  }

  public static IntegerRange linear(long min, long max) {
    return new IntegerRange(min, max, Scaling.LINEAR);
  }

  public static IntegerRange log(long min, long max) {
    return new IntegerRange(min, max, Scaling.LOGARITHMIC);
  }

  @Override
  public String typeName() {
    return "integer";
  }

  @Override
  public Object parse(String name, String text) {
    long v;
    try {
      v = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name, "must be an integer", text);
    }
    return coerce(name, v);
  }

  @Override
  public Object coerce(String name, Object value) {
    long v;
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      v = ((Number) value).longValue();
    } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      v = n.longValue();
    } else {
      throw new InvalidInputException(name, "must be an integer", value);
    }
    if (v < min || v > max) {
      throw new InvalidInputException(name, "must be between " + min + " and " + max, v);
    }
    return v;
  }

  @Override
  public boolean contains(Object value) {
    return value instanceof Long l && l >= min && l <= max;
  }

  @Override
  public double toUnit(Object value) {
    if (min == max) {
      return 0.5;
    }
    // integers own the cell [v - 0.5, v + 0.5] so every value gets an equal share of the unit line
    return Scales.toUnit(((Number) value).doubleValue(), min - 0.5, max + 0.5, scaling);
  }

  @Override
  public Object fromUnit(double u) {
    if (min == max) {
      return min;
    }
    double x = Scales.fromUnit(u, min - 0.5, max + 0.5, scaling);
    return Math.max(min, Math.min(max, Math.round(x)));
  }

  @Override
  public String describe() {
    return "integer [" + min + ", " + max + "] " + Scales.label(scaling);
  }
}
