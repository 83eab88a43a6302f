package dev.vernier.monitor.baseline;

/** How numbers and composite values appear in error messages. */
final class Shown {
  private Shown() {}

  /** A number as a person writes it: {@code 5} rather than {@code 5.0}. */
  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** A value shown in an error as is, without the quotes strings get. */
  record Text(String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}
