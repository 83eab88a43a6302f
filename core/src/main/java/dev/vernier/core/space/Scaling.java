package dev.vernier.core.space;

import dev.vernier.core.InvalidInputException;

/**
 * How a numeric range is searched: SageMaker's scaling types. {@link #AUTO} lets the strategy
 * decide (log when the range spans two or more decades of positive values, else linear).
 */
public enum Scaling {
  AUTO,
  LINEAR,
  LOGARITHMIC,
  REVERSE_LOGARITHMIC;

  /**
   * Accepts {@code Auto}, {@code Linear}, {@code Log}, {@code Logarithmic}, {@code ReverseLog}...
   */
  public static Scaling parse(String field, String text) {
    String t = text.replace("_", "").replace("-", "").toLowerCase(java.util.Locale.ROOT);
    return switch (t) {
      case "auto" -> AUTO;
      case "linear" -> LINEAR;
      case "log", "logarithmic" -> LOGARITHMIC;
      case "reverselog", "reverselogarithmic" -> REVERSE_LOGARITHMIC;
      default ->
          throw new InvalidInputException(
              field, "must be one of Auto, Linear, Logarithmic, ReverseLogarithmic", text);
    };
  }

  /** The scaling {@code AUTO} resolves to for {@code [min, max]}. */
  public static Scaling resolveAuto(double min, double max) {
    return min > 0 && max / min >= 100 ? LOGARITHMIC : LINEAR;
  }
}
