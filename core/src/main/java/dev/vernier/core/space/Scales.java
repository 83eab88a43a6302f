package dev.vernier.core.space;

/** The maps between a numeric range and the unit interval, one per scaling. */
final class Scales {
  private Scales() {}

  static double toUnit(double v, double min, double max, Scaling s) {
    if (max == min) {
      return 0.5;
    }
    double u =
        switch (s) {
          case LOGARITHMIC -> (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min));
          case REVERSE_LOGARITHMIC ->
              1 - Math.log((1 - v) / (1 - max)) / Math.log((1 - min) / (1 - max));
          default -> (v - min) / (max - min);
        };
    return Math.max(0, Math.min(1, u));
  }

  static double fromUnit(double u, double min, double max, Scaling s) {
    if (Double.isNaN(u)) {
      throw new IllegalArgumentException("a unit-interval position must be a number, got NaN");
    }
    u = Math.max(0, Math.min(1, u));
    if (max == min) {
      return min;
    }
    double v =
        switch (s) {
          case LOGARITHMIC -> Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
          case REVERSE_LOGARITHMIC ->
              1 - (1 - max) * Math.exp((1 - u) * Math.log((1 - min) / (1 - max)));
          default -> min + u * (max - min);
        };
    return Math.max(min, Math.min(max, v));
  }

  static String label(Scaling s) {
    return switch (s) {
      case LOGARITHMIC -> "Logarithmic";
      case REVERSE_LOGARITHMIC -> "ReverseLogarithmic";
      case LINEAR -> "Linear";
      case AUTO -> "Auto";
    };
  }
}
