package dev.vernier.monitor.event;

import com.fasterxml.jackson.core.io.NumberInput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
 * Integers of up to 15 digits (epoch milliseconds, codes) are read eight bytes at a time by {@link
 * #read}, and plain decimals of up to 15 digits (what most encoders write for float features)
 * straight to a float by {@link #readFloat} (multiplying by the nearest double to the power of ten:
 * a few units of the double off, which can only change the float near a point halfway between two
 * floats, where it declines); every other number digit by digit, with the same results.
 *
 * <p>Mutable and reused: it holds the last number read. Not thread-safe.
 */
final class JsonNumber {
  private static final double[] POW10 = new double[23];
  private static final long MAX_EXACT = 1L << 53;
  private static final int MAX_DIGITS = 18;
  private static final long MIDPOINT_MASK = (1L << 29) - 1;
  private static final long MIDPOINT = 1L << 28;
  private static final long NEAR_MIDPOINT = 8; // units in the last place of a double
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ZEROS = 0x3030303030303030L;
  private static final long[] POW10L = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private static final double[] INV_POW10 = new double[16]; // the nearest doubles to 10^-i

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
    for (int i = 0; i < INV_POW10.length; i++) {
      INV_POW10[i] = 1 / POW10[i]; // one correctly rounded division of exact values
    }
  }

  private final char[] chars = new char[64];

  /** Where the last number starts and ends (exclusive) in its bytes. */
  int start;

  int end;

  /** The float {@link #readFloat} read. */
  float value;

  /** True when it has neither a fraction nor an exponent. */
  boolean integral;

  private boolean negative;
  private long significand; // its first 18 digits
  private int digits; // all of them
  private int exponent; // the power of ten applied to the significand

  /**
   * Reads the strict JSON number (no leading zeros, digits on both sides of the point) at {@code
   * from}, reading no byte at or after {@code limit}; returns its end, or -1 when there is none or
   * it is an integer of more than 18 digits.
   */
  int read(byte[] b, int from, int limit) {
    int n = limit;
    if (from + 9 > n) {
      return readByDigits(b, from, n);
    }
    int neg = b[from] == '-' ? 1 : 0;
    int i = from + neg;
    long w = (long) LONGS.get(b, i);
    int k = digitRun(w);
    if (k == 0 || (k > 1 && (w & 0xff) == '0')) {
      return readByDigits(b, from, n);
    }
    if (k == 8) {
      return readLongInteger(b, from, n, neg, w);
    }
    int j = i + k; // < i + 8 <= n
    if (b[j] == '.' || (b[j] | 0x20) == 'e') {
      return readByDigits(b, from, n); // a fraction or an exponent (features use readFloat)
    }
    return done(from, j, neg, digitsValue(w, k), k, 0, true);
  }

  /**
   * Reads the plain number at {@code from} (an integer part of 1 to 7 digits, then optionally a
   * fraction, at most 15 digits in all, no exponent) as a float into {@link #value}; returns its
   * end, or -1 when the number has another shape (or is not one), for the caller to {@link #read}
   * it. The float is the one {@link #read} and {@link #toFloat} give. Returning the end (rather
   * than a field) and finding the sign and the integer part in one load keep the chain from one
   * number's start to the next one's short.
   */
  int readFloat(byte[] b, int from, int limit) {
    if (from + 9 > limit) {
      return -1;
    }
    long w0 = (long) LONGS.get(b, from);
    int neg = (w0 & 0xff) == '-' ? 1 : 0;
    long w = w0 >>> (neg << 3); // after a sign, the top byte is zero: never a digit
    int k = digitRun(w);
    if (k == 0 || k + neg >= 8 || (k > 1 && (w & 0xff) == '0')) {
      return -1;
    }
    long sig = k == 1 ? w & 0xf : digitsValue(w, k); // one digit: most features
    int after = (int) (w >>> (k << 3)) & 0xff; // the byte after the integer part, read already
    int j = from + neg + k;
    if (after != '.') {
      if ((after | 0x20) == 'e') {
        return -1;
      }
      value = (float) (neg == 0 ? sig : -sig); // at most 7 digits: exact
      return j;
    }
    int s = j + 1;
    if (s + 16 > limit) {
      return -1;
    }
    long f1 = (long) LONGS.get(b, s);
    int m1 = digitRun(f1);
    int m = m1;
    if (m1 < 8) {
      sig = sig * POW10L[m1] + digitsValue(f1, m1);
    } else { // the fraction goes on into the next word
      long f2 = (long) LONGS.get(b, s + 8);
      int m2 = digitRun(f2);
      m = 8 + m2;
      sig = (sig * POW10L[8] + digitsValue(f1, 8)) * POW10L[m2] + digitsValue(f2, m2);
    }
    if (m1 == 0 || k + m > 15) {
      return -1;
    }
    int e = s + m;
    if ((b[e] | 0x20) == 'e') {
      return -1;
    }
    // sig < 10^15 < 2^53 is exact; multiplying by the nearest double to 10^-m is off from sig /
    // 10^m by less than four units in the last place, so the float it rounds to is the one the
    // decimal rounds to, unless the product lies that close to a point halfway between two
    // floats: then read and toFloat decide
    double d = sig * INV_POW10[m];
    if (((Double.doubleToRawLongBits(d) + (NEAR_MIDPOINT - MIDPOINT)) & MIDPOINT_MASK)
        <= 2 * NEAR_MIDPOINT) {
      return -1;
    }
    value = (float) (neg == 0 ? d : -d);
    return e;
  }

  /** An integer of 8 to 15 digits (epoch milliseconds), the first eight in {@code w}. */
  private int readLongInteger(byte[] b, int from, int n, int neg, long w) {
    int i = from + neg + 8;
    if (i + 8 > n) {
      return readByDigits(b, from, n);
    }
    long w2 = (long) LONGS.get(b, i);
    int k = digitRun(w2);
    int j = i + k; // < i + 8 <= n
    if (k == 8 || b[j] == '.' || (b[j] | 0x20) == 'e') {
      return readByDigits(b, from, n);
    }
    return done(from, j, neg, digitsValue(w, 8) * POW10L[k] + digitsValue(w2, k), 8 + k, 0, true);
  }

  private int done(int from, int to, int neg, long sig, int count, int exp, boolean whole) {
    start = from;
    end = to;
    negative = neg != 0;
    significand = sig;
    digits = count;
    exponent = exp;
    integral = whole;
    return to;
  }

  /**
   * How many of the eight bytes of {@code w} (first byte lowest) are ASCII digits before the first
   * byte that is not. A byte is flagged when its xor with '0' exceeds 9; carries of the addition
   * leave only flagged bytes and reach only bytes above them, so the lowest flag is exact.
   */
  private static int digitRun(long w) {
    long a = w ^ ZEROS;
    long flags = ((a + 0x7676767676767676L) | a) & 0x8080808080808080L;
    return Long.numberOfTrailingZeros(flags) >>> 3;
  }

  /** The value of the first {@code k} (0 to 8) digits of {@code w}, three multiplications. */
  private static long digitsValue(long w, int k) {
    int half = (8 - k) << 2; // two shifts, so that k = 0 shifts all 64 bits out
    long a = ((w ^ ZEROS) << half) << half; // the digits in the top k bytes, zeros below
    a = (a * 10 + (a >>> 8)) & 0x00ff00ff00ff00ffL;
    a = (a * 100 + (a >>> 16)) & 0x0000ffff0000ffffL;
    return (a * 10_000 + (a >>> 32)) & 0xffffffffL;
  }

  /** {@link #read}, one digit at a time: every number, including those the fast path declines. */
  int readByDigits(byte[] b, int from, int limit) {
    int n = limit;
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
