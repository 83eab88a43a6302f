package dev.vernier.monitor.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The fast path of {@link EventParser#inference}: reads the common shape of an inference event
 * straight from its bytes, without a tokenizer. It handles printable-ASCII strings without escapes,
 * numbers, {@code null}, and unknown fields with scalar values; on anything else (escapes, other
 * bytes, nested unknown values, a repeated field, a numeric id, an ISO time, a value of the wrong
 * type, a syntax error, a missing field) it gives up and returns null, and the parser reads the
 * record with Jackson, which then decides. So it accepts only records Jackson accepts, and gives
 * the values Jackson gives ({@link JsonNumber} for the numbers). Not thread-safe; one per parser.
 */
final class InferenceScanner {
  private static final byte[][] NAMES = {
    "model".getBytes(StandardCharsets.US_ASCII),
    "inferenceId".getBytes(StandardCharsets.US_ASCII),
    "eventTime".getBytes(StandardCharsets.US_ASCII),
    "features".getBytes(StandardCharsets.US_ASCII),
    "prediction".getBytes(StandardCharsets.US_ASCII),
    "label".getBytes(StandardCharsets.US_ASCII) // not an inference field, but given once at most
  };

  private static final int[] NO_MISMATCHES = new int[0];
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
  private static final long HIGH = 0x8080808080808080L;
  private static final long ONES = 0x0101010101010101L;

  private final byte[] model;
  private final boolean keepIds;
  private final Map<String, Integer>[] categories; // null for a numeric feature
  private final float[] features;
  private final JsonNumber num = new JsonNumber();

  private byte[] b;
  private int pos;
  private int limit; // the record's end (exclusive) in b

  /**
   * @param model the model name events must carry; the scanner is off (always null) when it is not
   *     printable ASCII
   */
  InferenceScanner(String model, List<Map<String, Integer>> categories) {
    this(model, categories, true);
  }

  /**
   * @param keepIds false to check inference ids without keeping them (the events' ids are null)
   */
  InferenceScanner(String model, List<Map<String, Integer>> categories, boolean keepIds) {
    this.keepIds = keepIds;
    boolean plain = model.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\');
    this.model = plain ? model.getBytes(StandardCharsets.US_ASCII) : null;
    @SuppressWarnings("unchecked")
    Map<String, Integer>[] byFeature = categories.toArray(new Map[0]);
    this.categories = byFeature;
    this.features = new float[byFeature.length];
  }

  /**
   * The event in {@code json[offset, offset + length)}, or null when the record must be read by
   * Jackson. Bytes outside that range are never read.
   */
  InferenceEvent scan(byte[] json, int offset, int length) {
    if (model == null) {
      return null;
    }
    b = json;
    pos = offset;
    limit = offset + length;
    String id = null;
    long time = 0;
    double prediction = Double.NaN;
    int seen = 0; // bits: 1 model, 2 inferenceId, 4 eventTime, 8 features, 16 prediction, 32 label
    if (skipWs() != '{') {
      return null;
    }
    pos++;
    if (skipWs() == '}') {
      return null; // no fields: Jackson rejects it
    }
    while (true) {
      int keyStart = pos + 1;
      int keyEnd = string();
      if (keyEnd < 0 || skipWs() != ':') {
        return null;
      }
      pos++;
      int c = skipWs();
      int field = field(keyStart, keyEnd);
      if (field != 0 && (seen & field) != 0) {
        return null;
      }
      seen |= field;
      switch (field) {
        case 1 -> {
          int s = pos + 1;
          int e = string();
          if (e < 0 || !Arrays.equals(b, s, e, model, 0, model.length)) {
            return null;
          }
        }
        case 2 -> {
          int s = pos + 1;
          int e = string();
          if (e < 0 || e == s || e - s > 200) {
            return null;
          }
          id = keepIds ? new String(b, s, e - s, StandardCharsets.ISO_8859_1) : null;
        }
        case 4 -> {
          if (!number() || !num.integral) {
            return null;
          }
          time = num.longValue();
          if (time < 0 || time > EventParser.MAX_EVENT_TIME) {
            return null;
          }
        }
        case 8 -> {
          if (c != '[' || !features()) {
            return null;
          }
        }
        case 16 -> {
          if (c == 'n'
              ? !literal("null")
              : !number() || !Double.isFinite(prediction = num.toDouble(b))) {
            return null;
          }
        }
        default -> {
          if (!scalar(c)) {
            return null;
          }
        }
      }
      c = skipWs();
      if (c == ',') {
        pos++;
        skipWs();
      } else if (c == '}') {
        pos++;
        break;
      } else {
        return null;
      }
    }
    if (skipWs() != -1 || (seen & 15) != 15) {
      return null;
    }
    return new InferenceEvent(id, time, features.clone(), NO_MISMATCHES, prediction);
  }

  /** The known field named by key bytes [s, e): its bit (1 << index in NAMES), 0 for others. */
  private int field(int s, int e) {
    int k =
        switch (e - s) {
          case 5 -> b[s] == 'l' ? 5 : 0;
          case 11 -> 1;
          case 9 -> 2;
          case 8 -> 3;
          case 10 -> 4;
          default -> -1;
        };
    return k >= 0 && Arrays.equals(b, s, e, NAMES[k], 0, e - s) ? 1 << k : 0;
  }

  private boolean features() {
    pos++;
    int n = 0;
    int c = skipWs();
    if (c == ']') {
      pos++;
      return n == features.length;
    }
    while (true) {
      if (n >= features.length) {
        return false;
      }
      Map<String, Integer> cats = categories[n];
      float v;
      int end;
      if (cats == null && (end = num.readFloat(b, pos, limit)) >= 0) { // most features
        v = num.value;
        pos = end;
      } else if (c == 'n') {
        if (!literal("null")) {
          return false;
        }
        v = Float.NaN;
      } else if (cats == null) { // another shape: the general reading
        if (!number()) {
          return false;
        }
        v = num.toFloat(b);
        if (!Float.isFinite(v)) { // 1e400, 1e39: Jackson's reading refuses it
          return false;
        }
      } else {
        String text;
        if (c == '"') {
          int s = pos + 1;
          int e = string();
          if (e < 0) {
            return false;
          }
          text = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
        } else if (number() && num.integral) {
          text = new String(b, num.start, pos - num.start, StandardCharsets.ISO_8859_1);
        } else {
          return false;
        }
        Integer code = cats.get(text);
        v = code == null ? -1f : code;
      }
      features[n++] = v;
      c = skipWs();
      if (c == ',') {
        pos++;
        c = skipWs();
      } else if (c == ']') {
        pos++;
        return n == features.length;
      } else {
        return false;
      }
    }
  }

  /** Skips an unknown field's value: a string, a number, true, false or null. */
  private boolean scalar(int c) {
    return switch (c) {
      case '"' -> string() >= 0;
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    };
  }

  /**
   * Reads a string of printable ASCII without escapes starting at the quote at {@code pos}; returns
   * the index of its closing quote (pos moves past it), or -1.
   */
  private int string() {
    if (pos >= limit || b[pos] != '"') {
      return -1;
    }
    int i = pos + 1;
    for (; i + 8 <= limit; i += 8) { // eight bytes at a time
      long flags = stringStop((long) LONGS.get(b, i));
      if (flags != 0) {
        int at = i + (Long.numberOfTrailingZeros(flags) >>> 3);
        if (b[at] != '"') {
          return -1;
        }
        pos = at + 1;
        return at;
      }
    }
    for (; i < limit; i++) {
      byte x = b[i];
      if (x == '"') {
        pos = i + 1;
        return i;
      }
      if (x < 0x20 || x > 0x7e || x == '\\') {
        return -1;
      }
    }
    return -1;
  }

  /**
   * The high bit of every byte of {@code w} that ends a plain string: a quote, a backslash, a
   * control byte or one above 0x7e. Each test is exact per byte (no carry crosses a byte), so the
   * lowest flag is the first such byte.
   */
  static long stringStop(long w) {
    long quote = zeroBytes(w ^ (ONES * '"'));
    long backslash = zeroBytes(w ^ (ONES * '\\'));
    long control = ~(((w & LOW7) + ONES * (0x80 - 0x20)) | w) & HIGH; // below 0x20
    long high = (((w & LOW7) + ONES) | w) & HIGH; // 0x7f and above
    return quote | backslash | control | high;
  }

  /** The high bit of every zero byte of {@code x}, exactly. */
  private static long zeroBytes(long x) {
    return ~(((x & LOW7) + LOW7) | x | LOW7);
  }

  private boolean literal(String word) {
    if (!matches(pos, word)) {
      return false;
    }
    pos += word.length();
    return true;
  }

  private boolean number() {
    int end = num.read(b, pos, limit);
    if (end < 0) {
      return false;
    }
    pos = end;
    return true;
  }

  /** The next non-whitespace byte (pos moves to it), or -1 at the end of the input. */
  private int skipWs() {
    if (pos < limit && b[pos] > ' ') { // JSON's whitespace is all below '!': one test, mostly
      return b[pos];
    }
    while (pos < limit) {
      byte x = b[pos];
      if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
        return x;
      }
      pos++;
    }
    return -1;
  }

  private boolean matches(int at, String word) {
    if (at + word.length() > limit) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (b[at + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
