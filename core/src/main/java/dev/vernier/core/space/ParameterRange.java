package dev.vernier.core.space;

/**
 * The values one hyperparameter may take. Implementations validate themselves on construction and
 * map values to and from the unit interval, which is where search strategies work: {@code
 * fromUnit(toUnit(v))} returns {@code v} for every valid value (up to floating-point rounding for
 * continuous ranges).
 *
 * <p>Values are typed: {@link Double} for continuous, {@link Long} for integer and {@link String}
 * for categorical ranges.
 */
public sealed interface ParameterRange permits ContinuousRange, IntegerRange, CategoricalRange {

  /**
   * The type's name as users write it: {@code continuous}, {@code integer}, {@code categorical}.
   */
  String typeName();

  /**
   * Parses and validates a value written as text.
   *
   * @param name the hyperparameter, used in the error message
   * @throws dev.vernier.core.InvalidInputException when the text is of the wrong type or out of
   *     range
   */
  Object parse(String name, String text);

  /** Validates an already typed value (a number from JSON, say) and returns it in this type. */
  Object coerce(String name, Object value);

  /** Whether {@code value} (of this range's type) lies in the range. */
  boolean contains(Object value);

  /** The position of {@code value} in [0, 1] under this range's scaling. */
  double toUnit(Object value);

  /** The value at position {@code u} in [0, 1] (clamped) under this range's scaling. */
  Object fromUnit(double u);

  /** A human description, e.g. {@code continuous [1e-06, 1.0] Logarithmic}. */
  String describe();
}
