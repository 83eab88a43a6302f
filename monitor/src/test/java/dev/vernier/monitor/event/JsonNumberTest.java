package dev.vernier.monitor.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The eight-bytes-at-a-time reading of {@link JsonNumber#read} against its digit-by-digit reading,
 * which {@link InferenceScannerTest} checks against Jackson: the same end, the same value bits, for
 * every number shape at every distance from the end of the input.
 */
class JsonNumberTest {
  private static final String[] TAILS = {"", ",", "]", "}", " ", ",1", "e5", "E-3", ".", ".5", "x"};

  @Test
  void wordReadingAgreesWithDigitReading() {
    Random r = new Random(7);
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      numbers.add(number(r));
    }
    numbers.addAll(List.of(InferenceScannerTest.ODD_NUMBERS));
    numbers.addAll(List.of(InferenceScannerTest.INVALID_NUMBERS));
    numbers.addAll(List.of("0", "-0", "00", "-00", "0.", "1234567", "12345678", "123456789"));
    numbers.addAll(List.of("1764000000000", "123456789012345", "1234567890123456", "01234567890"));
    numbers.addAll(List.of("0.12345678", "0.1234567812345678", "0.12345678123456789", "1.5e3"));
    int checked = 0;
    for (String n : numbers) {
      for (String tail : TAILS) {
        for (int pad = 0; pad < 20; pad++) {
          String text = "[" + n + tail + " ".repeat(pad);
          byte[] b =
              text.substring(0, Math.min(text.length(), 1 + n.length() + tail.length() + pad))
                  .getBytes(StandardCharsets.US_ASCII);
          check(b, text);
          checked++;
        }
        // the number cut at every length, to reach the ends of the input inside it
        for (int cut = 1; cut <= n.length(); cut++) {
          check(("[" + n.substring(0, cut)).getBytes(StandardCharsets.US_ASCII), n + " cut");
        }
      }
    }
    assertEquals(numbers.size() * TAILS.length * 20, checked);
    assertTrue(floats > 100_000, "the float reader read " + floats);
  }

  /**
   * Decimals just below, at and just above the points halfway between two floats, where a double a
   * few units off could round to the other float: {@link JsonNumber#readFloat} reads the float that
   * {@link Float#parseFloat} and {@link JsonNumber#toFloat} read, or declines.
   */
  @Test
  void floatReaderRoundsNearHalfwayPointsAsTheDecimalDoes() {
    Random r = new Random(11);
    List<Float> floats = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      floats.add((float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3)));
    }
    for (int e = -12; e <= 20; e++) { // around powers of two, where the spacing doubles
      float p = Math.scalb(1f, e);
      floats.addAll(List.of(p, Math.nextDown(p), -p, -Math.nextDown(p)));
    }
    RoundingMode[] modes = {RoundingMode.FLOOR, RoundingMode.HALF_EVEN, RoundingMode.CEILING};
    int read = 0;
    for (float f : floats) {
      BigDecimal halfway =
          new BigDecimal(f).add(new BigDecimal(Math.nextUp(f))).divide(BigDecimal.valueOf(2));
      for (int digits = 9; digits <= 15; digits++) {
        for (RoundingMode mode : modes) {
          String text = halfway.round(new MathContext(digits, mode)).toPlainString();
          byte[] b = ("[" + text + "," + " ".repeat(16)).getBytes(StandardCharsets.US_ASCII);
          JsonNumber direct = new JsonNumber();
          int end = direct.readFloat(b, 1, b.length);
          if (end < 0) {
            continue;
          }
          JsonNumber general = new JsonNumber();
          assertEquals(general.read(b, 1, b.length), end, text);
          assertEquals(
              Float.floatToRawIntBits(Float.parseFloat(text)),
              Float.floatToRawIntBits(direct.value),
              text);
          assertEquals(
              Float.floatToRawIntBits(general.toFloat(b)),
              Float.floatToRawIntBits(direct.value),
              text);
          read++;
        }
      }
    }
    assertTrue(read > 500_000, "the float reader read " + read);
  }

  private static int floats;

  private static void check(byte[] b, String what) {
    JsonNumber fast = new JsonNumber();
    JsonNumber slow = new JsonNumber();
    int e1 = fast.read(b, 1, b.length);
    int e2 = slow.readByDigits(b, 1, b.length);
    assertEquals(e2, e1, what);
    // the float reader gives read's float and end, or declines (NaN)
    JsonNumber direct = new JsonNumber();
    int e3 = direct.readFloat(b, 1, b.length);
    if (e3 >= 0) {
      assertEquals(e1, e3, what);
      assertEquals(
          Float.floatToRawIntBits(fast.toFloat(b)), Float.floatToRawIntBits(direct.value), what);
      floats++;
    }
    // the same bytes followed by digits past the limit: nothing past it is read
    byte[] longer = Arrays.copyOf(b, b.length + 24);
    Arrays.fill(longer, b.length, longer.length, (byte) '7');
    JsonNumber bounded = new JsonNumber();
    assertEquals(e1, bounded.read(longer, 1, b.length), what + " within a longer array");
    assertEquals(
        e3, new JsonNumber().readFloat(longer, 1, b.length), what + " within a longer array");
    if (e1 >= 0) {
      assertEquals(
          Float.floatToRawIntBits(fast.toFloat(b)),
          Float.floatToRawIntBits(bounded.toFloat(longer)),
          what + " within a longer array");
    }
    if (e1 >= 0) {
      assertEquals(slow.integral, fast.integral, what);
      assertEquals(
          Float.floatToRawIntBits(slow.toFloat(b)), Float.floatToRawIntBits(fast.toFloat(b)), what);
      assertEquals(
          Double.doubleToRawLongBits(slow.toDouble(b)),
          Double.doubleToRawLongBits(fast.toDouble(b)),
          what);
      if (slow.integral) {
        assertEquals(slow.longValue(), fast.longValue(), what);
      }
    }
  }

  /** A number of a random shape: sign, 0-9 integer digits, 0-20 fraction digits, an exponent. */
  private static String number(Random r) {
    StringBuilder sb = new StringBuilder();
    if (r.nextBoolean()) {
      sb.append('-');
    }
    int whole = r.nextInt(10);
    for (int i = 0; i < whole; i++) {
      sb.append(
          (char)
              ('0' + (i == 0 && whole > 1 && r.nextInt(4) > 0 ? 1 + r.nextInt(9) : r.nextInt(10))));
    }
    if (r.nextInt(4) > 0) {
      sb.append('.');
      int frac = r.nextInt(21);
      for (int i = 0; i < frac; i++) {
        sb.append((char) ('0' + r.nextInt(10)));
      }
    }
    if (r.nextInt(8) == 0) {
      sb.append(r.nextBoolean() ? 'e' : 'E')
          .append(r.nextBoolean() ? "-" : "")
          .append(r.nextInt(40));
    }
    if (r.nextInt(3) == 0) {
      return String.valueOf((float) (r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6)));
    }
    return sb.toString();
  }
}
