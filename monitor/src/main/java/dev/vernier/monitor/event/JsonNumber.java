package dev.vernier.monitor.event;

import com.fasterxml.jackson.core.io.NumberInput;

/**
 * A strict JSON number read from bytes, converted to float or double exactly as Jackson converts
 * it:
 *
 * <ul>
 *   <li>an integer of at most 18 digits is read exactly as a long and converted as Jackson does
 *       ({@code (float) long}, {@code (double) long});
 *   <li>a decimal whose significand is at most 2^53 and whose power of ten is at most 22 in
 *       magnitude is converted exactly to the nearest double (one correctly rounded IEEE
 *       multiplication or division of two exact doubles, Clinger's fast path); a float is that
 *       double rounded to float, unless the double lies exactly halfway between two floats, the
 *       only case where rounding twice can differ from rounding once;
 *   <li>any other number goes to the function Jackson itself uses ({@link NumberInput}, with the
 *       fast double parser).
 * </ul>
 *
 * Mutable and reused: it holds the last number read. Not thread-safe.
 */
final class JsonNumber {
  private static final double[] POW10 = new double[23];
  private static final long MAX_EXACT = 1L << 53;
  private static final int MAX_DIGITS = 18;
  private static final long MIDPOINT_MASK = (1L << 29) - 1;
  private static final long MIDPOINT = 1L << 28;

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private final char[] chars = new char[64];

  /** Where the last number starts and ends (exclusive) in its bytes. */
  int start;

  int end;

  /** True when it has neither a fraction nor an exponent. */
  boolean integral;

  private boolean negative;
  private long significand; // its first 18 digits
  private int digits; // all of them
  private int exponent; // the power of ten applied to the significand

  /**
   * Reads the strict JSON number (no leading zeros, digits on both sides of the point) at {@code
   * from}; returns its end, or -1 when there is none or it is an integer of more than 18 digits.
   */
  int read(byte[] b, int from) {
    int n = b.length;
    int i = from;
    boolean minus = i < n && b[i] == '-';
    if (minus) {
      i++;
    }
    if (i >= n || b[i] < '0' || b[i] > '9') {
      return -1;
    }
    long sig = 0;
    int count = 0; // digits read, all of them
    int exp = 0;
    if (b[i] == '0') {
      i++;
      if (i < n && b[i] >= '0' && b[i] <= '9') {
        return -1;
      }
      count = 1;
    } else {
      for (; i < n && b[i] >= '0' && b[i] <= '9'; i++, count++) {
        if (count < MAX_DIGITS) {
          sig = sig * 10 + (b[i] - '0');
        } else {
          exp++;
        }
      }
    }
    boolean whole = true;
    if (i < n && b[i] == '.') {
      whole = false;
      int s = ++i;
      for (; i < n && b[i] >= '0' && b[i] <= '9'; i++, count++) {
        if (count < MAX_DIGITS) {
          sig = sig * 10 + (b[i] - '0');
          exp--;
        }
      }
      if (i == s) {
        return -1;
      }
    }
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
      whole = false;
      i++;
      boolean down = false;
      if (i < n && (b[i] == '+' || b[i] == '-')) {
        down = b[i++] == '-';
      }
      int s = i;
      int e = 0;
      for (; i < n && b[i] >= '0' && b[i] <= '9'; i++) {
        if (i - s == 4) {
          return -1;
        }
        e = e * 10 + (b[i] - '0');
      }
      if (i == s) {
        return -1;
      }
      exp += down ? -e : e;
    }
    start = from;
    end = i;
    negative = minus;
    significand = sig;
    digits = count;
    exponent = exp;
    integral = whole;
    return count <= MAX_DIGITS || !whole ? i : -1;
  }

  /** The integer read, exactly. */
  long longValue() {
    return negative ? -significand : significand;
  }

  /** The number as Jackson's getDoubleValue gives it; NaN when it cannot be had here. */
  double toDouble(byte[] b) {
    if (integral) {
      return negative ? -significand : significand;
    }
    if (digits <= MAX_DIGITS && significand <= MAX_EXACT && Math.abs(exponent) < POW10.length) {
      return exact();
    }
    int n = chars(b);
    return n < 0 ? Double.NaN : NumberInput.parseDouble(chars, 0, n, true);
  }

  /** The number as Jackson's getFloatValue gives it; NaN when it cannot be had here. */
  float toFloat(byte[] b) {
    if (integral) {
      return negative ? -significand : significand;
    }
    if (digits <= MAX_DIGITS && significand <= MAX_EXACT && Math.abs(exponent) < POW10.length) {
      double d = exact();
      // d is within the normal float range here: it is halfway between two floats exactly when
      // the 29 mantissa bits a float drops are 1 followed by 28 zeros
      if ((Double.doubleToRawLongBits(d) & MIDPOINT_MASK) != MIDPOINT) {
        return (float) d;
      }
    }
    int n = chars(b);
    return n < 0 ? Float.NaN : NumberInput.parseFloat(chars, 0, n, true);
  }

  /** Copies the number's text into {@code chars}; its length, or -1 when it is too long. */
  private int chars(byte[] b) {
    int n = end - start;
    if (n > chars.length) {
      return -1;
    }
    for (int k = 0; k < n; k++) {
      chars[k] = (char) b[start + k];
    }
    return n;
  }

  private double exact() {
    double m = significand;
    double d = exponent >= 0 ? m * POW10[exponent] : m / POW10[-exponent];
    return negative ? -d : d;
  }
}
