package dev.vernier.monitor.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records of an HTTP ingestion body, as the bytes the client sent: the elements of one JSON
 * array, or the non-blank lines of newline-delimited JSON. Each record's original text goes to the
 * same per-record parser Kafka records go to, so a record breaks the same rules (a field given
 * twice, a number out of range, trailing content) however it came.
 *
 * <p>Limits: a body must be UTF-8 (decoded strictly, never mangled into U+FFFD, which could make
 * two inference ids one) and hold 1 to {@link #MAX_RECORDS} records. A JSON array is read as a
 * stream of tokens: no tree is built, and the body is refused as soon as its record count passes
 * the limit, so a body of millions of tiny elements costs no more memory than the body itself.
 * Stateless and thread-safe.
 */
public final class IngestBody {
  /** The most records one post may hold. */
  public static final int MAX_RECORDS = 100_000;

  private static final JsonFactory JSON = new JsonFactory();

  private IngestBody() {}

  /**
   * The records of {@code body} (null: none), each a copy of its bytes.
   *
   * @throws InvalidInputException naming {@code body} when it is not UTF-8 (with the byte offset),
   *     not a JSON array or NDJSON, has content after the array, or holds no record or more than
   *     {@link #MAX_RECORDS}
   */
  public static List<byte[]> records(byte[] body) {
    byte[] b = body == null ? new byte[0] : body;
    requireUtf8(b);
    int first = 0;
    while (first < b.length && isSpace(b[first])) {
      first++;
    }
    List<byte[]> out = first < b.length && b[first] == '[' ? array(b) : lines(b);
    if (out.isEmpty()) {
      throw new InvalidInputException("body", "must hold at least one record", "");
    }
    return out;
  }

  /** Refuses a body that is not UTF-8, naming the first bad byte and its offset. */
  static void requireUtf8(byte[] b) {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b);
    CharBuffer out = CharBuffer.allocate(8192);
    while (true) {
      CoderResult r = d.decode(in, out, true);
      if (r.isError()) {
        int at = in.position();
        throw new InvalidInputException(
            "body", "must be UTF-8", String.format("byte 0x%02x at offset %d", b[at] & 0xff, at));
      }
      if (r.isUnderflow()) {
        break;
      }
      out.clear();
    }
    out.clear();
    CoderResult end = d.flush(out);
    if (end.isError()) {
      throw new InvalidInputException("body", "must be UTF-8", "a truncated character at the end");
    }
  }

  /** The elements of a JSON array, each its original text, read token by token. */
  private static List<byte[]> array(byte[] b) {
    List<byte[]> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(b)) {
      p.nextToken(); // START_ARRAY, seen by the caller
      int start = -1; // the current element's first byte
      int end; // the closing bracket
      while (true) {
        JsonToken t = p.nextToken();
        if (t == null) {
          throw new InvalidInputException(
              "body", "must be a JSON array or NDJSON", "an array without its closing ]");
        }
        int at = (int) p.currentTokenLocation().getByteOffset();
        if (start >= 0) {
          out.add(element(b, start, at));
        }
        if (t == JsonToken.END_ARRAY) {
          end = at;
          break;
        }
        if (out.size() >= MAX_RECORDS) {
          throw tooMany();
        }
        start = at;
        p.skipChildren();
      }
      int after = end + 1;
      while (after < b.length && isSpace(b[after])) {
        after++;
      }
      if (after < b.length) {
        throw new InvalidInputException(
            "body",
            "must be one JSON array with nothing after it",
            "content at byte offset " + after);
      }
    } catch (IOException e) {
      throw new InvalidInputException("body", "must be a JSON array or NDJSON", firstLine(e));
    }
    return out;
  }

  /**
   * An element's text: from its first byte to the next token (the next element or the closing
   * bracket), less the whitespace and the one comma between them (a JSON value never ends with a
   * comma).
   */
  private static byte[] element(byte[] b, int start, int next) {
    int end = next;
    while (end > start && isSpace(b[end - 1])) {
      end--;
    }
    if (end > start && b[end - 1] == ',') {
      end--;
    }
    while (end > start && isSpace(b[end - 1])) {
      end--;
    }
    return Arrays.copyOfRange(b, start, end);
  }

  /** The non-blank lines, each as sent (a line's own rules are the record parser's). */
  private static List<byte[]> lines(byte[] b) {
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    while (from <= b.length) {
      int nl = from;
      while (nl < b.length && b[nl] != '\n') {
        nl++;
      }
      boolean blank = true;
      for (int i = from; i < nl && blank; i++) {
        blank = isSpace(b[i]);
      }
      if (!blank) {
        if (out.size() >= MAX_RECORDS) {
          throw tooMany();
        }
        out.add(Arrays.copyOfRange(b, from, nl));
      }
      from = nl + 1;
    }
    return out;
  }

  private static InvalidInputException tooMany() {
    return new InvalidInputException(
        "body", "must hold at most " + MAX_RECORDS + " records", (MAX_RECORDS + 1) + " or more");
  }

  /** Whitespace around records: JSON's, and the other control characters a line may end with. */
  private static boolean isSpace(byte x) {
    return x >= 0 && x <= ' ';
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
