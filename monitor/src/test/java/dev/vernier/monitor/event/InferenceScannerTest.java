package dev.vernier.monitor.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.SyntheticEvents;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner against Jackson, record by record: on generated events (every number style, key
 * orders, whitespace, unknown fields, wrong types, invalid syntax) and on random edits of them,
 * whenever the scanner reads a record, Jackson reads the same event, bit for bit; and the parser's
 * outcome is always Jackson's. Deterministic seeds: no false failures.
 */
class InferenceScannerTest {
  static final String[] ODD_NUMBERS = {
    "-0",
    "0",
    "-0.0",
    "0.0",
    "0e0",
    "16777217.0",
    "16777217",
    "16777219.0",
    "16777217.00001",
    "1e22",
    "1e23",
    "1E+22",
    "9007199254740993",
    "9007199254740993.0",
    "9007199254740992.5",
    "1.00000005960464477539062",
    "3.4028235677973366e38",
    "3.4028236e38",
    "1e39",
    "-1e39",
    "1.4e-45",
    "7e-46",
    "1e-50",
    "123456789012345678",
    "0.000000000000000000000000001",
    "2e-0"
  };
  static final String[] INVALID_NUMBERS = {
    "1234567890123456789",
    "1e99999",
    "01",
    "-",
    "1.",
    ".5",
    "+1",
    "1e",
    "1e+",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x10",
    "1_0",
    "--1",
    "1.5.5"
  };

  @Test
  void stringStopFlagsTheFirstByteThatEndsAPlainString() {
    Random r = new Random(3);
    for (int k = 0; k < 200_000; k++) {
      long w = 0;
      int first = 8;
      for (int p = 0; p < 8; p++) {
        // mostly printable bytes, sometimes any byte, so stops land at every position
        int v = r.nextInt(4) == 0 ? r.nextInt(256) : 0x20 + r.nextInt(0x5f);
        if (k < 2048) {
          v = p == k / 256 ? k % 256 : 'a';
        }
        w |= (long) v << (8 * p);
        if (first == 8 && (v < 0x20 || v > 0x7e || v == '"' || v == '\\')) {
          first = p;
        }
      }
      long flags = InferenceScanner.stringStop(w);
      assertEquals(first, Long.numberOfTrailingZeros(flags) >>> 3, Long.toHexString(w));
    }
  }

  @Test
  void numericEventsReadAsJacksonReadsThem() {
    check(Collections.nCopies(SyntheticEvents.FEATURES, null), 40_000, 1);
  }

  @Test
  void mixedEventsReadAsJacksonReadsThem() {
    Map<String, Integer> colours = Map.of("red", 0, "blue", 1, "1", 2, "-0", 3);
    check(Arrays.asList(null, colours, null), 40_000, 2);
  }

  @Test
  void plainEventsTakeTheFastPath() {
    EventParser parser = new EventParser("m", Collections.nCopies(SyntheticEvents.FEATURES, null));
    InferenceScanner scanner =
        new InferenceScanner("m", Collections.nCopies(SyntheticEvents.FEATURES, null));
    Random r = new Random(3);
    for (int i = 0; i < 2000; i++) {
      float[] x = SyntheticEvents.row(r, 0);
      double[] wide = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        wide[j] = r.nextGaussian(); // 17 significant digits, as a float64 producer writes them
      }
      String e = SyntheticEvents.event("m", "e" + i, 1_764_000_000_000L + i, x, i % 2);
      String w = e.replaceFirst("\\[.*]", Arrays.toString(wide).replace(" ", ""));
      for (String s : List.of(e, w)) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        InferenceEvent fast = scan(scanner, bytes);
        assertNotNull(fast, s);
        same(bytes, fast, parser.inferenceWithJackson(bytes).event());
      }
    }
  }

  @Test
  void declinesWhatItDoesNotHandle() {
    InferenceScanner s = new InferenceScanner("m", Collections.nCopies(2, null));
    String ok = "{\"model\":\"m\",\"inferenceId\":\"a\",\"eventTime\":1,\"features\":[1,2]}";
    assertNotNull(scan(s, ok.getBytes(StandardCharsets.UTF_8)));
    for (String bad :
        List.of(
            ok.replace("\"a\"", "\"a\\u0041\""),
            ok.replace("\"a\"", "7"),
            ok.replace("\"a\"", "\"é\""),
            ok.replace("1,", "\"1\","),
            ok.replace("\"m\"", "\"n\""),
            ok.replace("eventTime\":1", "eventTime\":\"2026-11-25T10:00:00Z\""),
            ok.replace("{", "{\"x\":{},"),
            ok.replace("{", "{\"model\":\"m\","),
            ok + "x",
            "\uFEFF" + ok)) {
      assertNull(scan(s, bad.getBytes(StandardCharsets.UTF_8)), bad);
    }
  }

  /**
   * A label given twice on an inference event: Jackson refuses it (which value would count is
   * unclear), so the scanner declines it and the parser's outcome is Jackson's, for plain-ASCII
   * records too; a label given once is an unknown field, read on the fast path.
   */
  @Test
  void aLabelGivenTwiceIsRefusedOnEitherPath() {
    InferenceScanner s = new InferenceScanner("m", Collections.nCopies(2, null));
    EventParser parser = new EventParser("m", Collections.nCopies(2, null));
    String ok = "{\"model\":\"m\",\"inferenceId\":\"a\",\"eventTime\":1,\"features\":[1,2]}";
    String once = ok.replace("}", ",\"label\":1}");
    assertNotNull(scan(s, once.getBytes(StandardCharsets.UTF_8)), once);
    String twice = ok.replace("}", ",\"label\":1,\"label\":2}");
    assertNull(scan(s, twice.getBytes(StandardCharsets.UTF_8)), twice);
    EventParser.Outcome<InferenceEvent> o =
        parser.inference(twice.getBytes(StandardCharsets.UTF_8));
    assertNull(o.event(), twice);
    assertEquals(Rejection.Reason.NOT_JSON, o.rejection().reason());
    assertEquals("field label is given more than once", o.rejection().detail());
    assertEquals(
        o.rejection(),
        parser.inferenceWithJackson(twice.getBytes(StandardCharsets.UTF_8)).rejection());
  }

  /**
   * Scans the record alone and placed inside a longer array between other bytes (as a record sits
   * in a fetched buffer): both give the same event, so nothing outside the record is read.
   */
  private static InferenceEvent scan(InferenceScanner scanner, byte[] bytes) {
    InferenceEvent alone = scanner.scan(bytes, 0, bytes.length);
    byte[] before = "{\"a\":[1".getBytes(StandardCharsets.US_ASCII);
    byte[] after = "2345678,9]}\"x\" 1e5".getBytes(StandardCharsets.US_ASCII);
    byte[] buffer = new byte[before.length + bytes.length + after.length];
    System.arraycopy(before, 0, buffer, 0, before.length);
    System.arraycopy(bytes, 0, buffer, before.length, bytes.length);
    System.arraycopy(after, 0, buffer, before.length + bytes.length, after.length);
    InferenceEvent inside = scanner.scan(buffer, before.length, bytes.length);
    if (alone == null) {
      assertNull(inside, () -> new String(bytes, StandardCharsets.UTF_8));
    } else {
      assertNotNull(inside, () -> new String(bytes, StandardCharsets.UTF_8));
      same(bytes, inside, alone);
    }
    return alone;
  }

  private static void check(List<Map<String, Integer>> cats, int n, long seed) {
    EventParser parser = new EventParser("m", cats);
    InferenceScanner scanner = new InferenceScanner("m", cats);
    Random r = new Random(seed);
    int read = 0;
    for (int i = 0; i < n; i++) {
      String generated = new Gen(r, i % 2 == 0).event(cats);
      String s = i % 4 == 1 ? mutate(r, generated) : generated;
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      var jackson = parser.inferenceWithJackson(bytes);
      InferenceEvent fast = scan(scanner, bytes);
      if (fast != null) {
        read++;
        assertNotNull(jackson.event(), () -> s + " -> " + jackson.rejection());
        same(bytes, fast, jackson.event());
      }
      var outcome = parser.inference(bytes);
      byte[] buffer = new byte[bytes.length + 9];
      Arrays.fill(buffer, (byte) '9');
      System.arraycopy(bytes, 0, buffer, 4, bytes.length);
      var inside = parser.inference(buffer, 4, bytes.length);
      if (jackson.event() != null) {
        same(bytes, outcome.event(), jackson.event());
        same(bytes, inside.event(), jackson.event());
      } else {
        assertEquals(jackson.rejection(), outcome.rejection(), s);
        assertEquals(jackson.rejection().reason(), inside.rejection().reason(), s);
      }
    }
    // a quarter at least: half the events are wild, and numbers beyond float range are refused
    assertTrue(read > n / 4, "the scanner read " + read + " of " + n);
  }

  private static void same(byte[] json, InferenceEvent a, InferenceEvent b) {
    String s = new String(json, StandardCharsets.UTF_8);
    assertEquals(b.inferenceId(), a.inferenceId(), s);
    assertEquals(b.eventTime(), a.eventTime(), s);
    assertEquals(
        Double.doubleToRawLongBits(b.prediction()), Double.doubleToRawLongBits(a.prediction()), s);
    assertArrayEquals(b.mismatches(), a.mismatches(), s);
    for (int j = 0; j < a.features().length; j++) {
      assertEquals(
          Float.floatToRawIntBits(b.features()[j]),
          Float.floatToRawIntBits(a.features()[j]),
          () -> s + " feature " + Arrays.toString(a.features()));
    }
  }

  static String mutate(Random r, String s) {
    StringBuilder b = new StringBuilder(s);
    String alphabet = "{}[]\":,.-+eE0123456789 \t\n\\anlu\u0000\u00e9";
    for (int k = 1 + r.nextInt(3); k > 0 && b.length() > 0; k--) {
      int at = r.nextInt(b.length());
      char c = alphabet.charAt(r.nextInt(alphabet.length()));
      switch (r.nextInt(3)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, c);
        default -> b.setCharAt(at, c);
      }
    }
    return b.toString();
  }

  /** Events, tame (valid, every number style) or wild (wrong types, bad syntax, odd fields). */
  private static final class Gen {
    private final Random r;
    private final boolean wild;

    Gen(Random r, boolean wild) {
      this.r = r;
      this.wild = wild;
    }

    String event(List<Map<String, Integer>> cats) {
      List<String> fields = new ArrayList<>();
      fields.add(kv("model", pick(0.95, "\"m\"", "\"other\"", "1", "null")));
      fields.add(
          kv(
              "inferenceId",
              pick(
                  0.8,
                  "\"e" + r.nextInt(1000) + "\"",
                  "\"\"",
                  "\"" + "x".repeat(200) + "\"",
                  "\"" + "x".repeat(201) + "\"",
                  "\"a\\\"b\"",
                  "\"é\"",
                  "42",
                  "4.2")));
      fields.add(
          kv(
              "eventTime",
              pick(
                  0.8,
                  Long.toString((r.nextLong() >>> 1) >> (16 + r.nextInt(48))),
                  "\"2026-11-25T10:00:00Z\"",
                  "-5",
                  "253402300800000",
                  "\"yesterday\"",
                  "1.5",
                  "12345678901234567890",
                  "-0")));
      StringBuilder f = new StringBuilder("[");
      int count = wild && r.nextInt(20) == 0 ? cats.size() + r.nextInt(3) - 1 : cats.size();
      for (int j = 0; j < count; j++) {
        f.append(j > 0 ? "," + ws() : "");
        Map<String, Integer> c = j < cats.size() ? cats.get(j) : null;
        f.append(
            c == null
                ? pick(0.97, number(), "null", "\"red\"", "true", "[1]")
                : pick(0.5, "\"red\"", "\"blue\"", "\"unseen\"", "1", "-0", "2.5", "null", "{}"));
      }
      fields.add(kv("features", f.append(ws()).append(']').toString()));
      if (r.nextInt(4) > 0) {
        fields.add(kv("prediction", pick(0.8, number(), "null", "\"cat\"", "true")));
      }
      if (r.nextInt(4) == 0) {
        fields.add(kv("extra" + r.nextInt(3), pick(0.2, "\"v\"", "1.5", "true", "false", "null")));
      }
      if (wild && r.nextInt(10) == 0) {
        fields.add(kv("nested", pick(0.5, "{\"a\":1}", "[1,2]")));
      }
      if (wild && r.nextInt(30) == 0) {
        fields.remove(r.nextInt(fields.size()));
      }
      if (wild && r.nextInt(30) == 0) {
        fields.add(fields.get(r.nextInt(fields.size())));
      }
      Collections.shuffle(fields, r);
      return ws() + "{" + ws() + String.join("," + ws(), fields) + ws() + "}" + ws();
    }

    String number() {
      return switch (r.nextInt(8)) {
        case 0, 1 -> Float.toString((float) (r.nextGaussian() * Math.pow(10, r.nextInt(13) - 6)));
        case 2 -> Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(41) - 20));
        case 3 -> Long.toString(r.nextLong() >> r.nextInt(64));
        case 4 ->
            wild && r.nextInt(4) == 0
                ? INVALID_NUMBERS[r.nextInt(INVALID_NUMBERS.length)]
                : ODD_NUMBERS[r.nextInt(ODD_NUMBERS.length)];
        case 5 -> {
          // near and exactly at the midpoint of two adjacent floats
          float a = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
          double mid = ((double) a + Math.nextUp(a)) / 2;
          BigDecimal d = new BigDecimal(mid);
          yield r.nextBoolean()
              ? d.toString()
              : d.round(new MathContext(8 + r.nextInt(12))).toString();
        }
        default -> {
          StringBuilder s = new StringBuilder(r.nextBoolean() ? "-" : "");
          s.append(1 + r.nextInt(9));
          s.append(digits(r.nextInt(8)));
          if (r.nextBoolean()) {
            s.append('.').append(digits(1 + r.nextInt(19)));
          }
          if (r.nextInt(3) == 0) {
            s.append(r.nextBoolean() ? 'e' : 'E').append(pick(0.4, "", "+", "-"));
            s.append(r.nextInt(r.nextBoolean() ? 25 : 30)); // mostly within float range
          }
          yield s.toString();
        }
      };
    }

    private String digits(int n) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < n; i++) {
        s.append(r.nextInt(10));
      }
      return s.toString();
    }

    private String kv(String key, String value) {
      return "\"" + key + "\"" + ws() + ":" + ws() + value;
    }

    private String ws() {
      return r.nextInt(5) > 0 ? "" : pick(0.5, " ", "\n", "\t ", "\r\n  ");
    }

    /** The first option (always when tame), else with probability p; otherwise another. */
    private String pick(double p, String... options) {
      if (!wild || options.length == 1 || r.nextDouble() < p) {
        return options[0];
      }
      return options[1 + r.nextInt(options.length - 1)];
    }
  }
}
