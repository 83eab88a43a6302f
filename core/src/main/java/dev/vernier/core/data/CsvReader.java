package dev.vernier.core.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * CSV with the label in the first column and no header, the convention of SageMaker's built-in
 * algorithms. Blank lines are skipped; every other line must have the same number of cells, each a
 * finite number. A UTF-8 byte-order mark at the start is skipped; a line may hold at most {@link
 * #MAX_LINE_CHARS} characters, and the table at most {@link Dataset#maxValues()} features.
 */
final class CsvReader {
  /**
   * The longest line the text readers (CSV and libsvm) take, in characters: 16 Mi, a row of about
   * two million features written in full precision, far beyond real data; a longer "line" is a file
   * without line breaks (or not text), which would otherwise be buffered whole.
   */
  static final int MAX_LINE_CHARS = 1 << 24;

  private CsvReader() {}

  static Dataset read(Path file) throws IOException {
    return read(file, MAX_LINE_CHARS, Dataset.maxValues());
  }

  /** {@link #read(Path)} with the limits given (for tests). */
  static Dataset read(Path file, int maxLineChars, long maxValues) throws IOException {
    FloatList features = new FloatList();
    FloatList labels = new FloatList();
    int width = -1;
    long lineNo = 0;
    try (LineReader r = new LineReader(file, maxLineChars)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo = r.lineNo();
        if (line.isBlank()) {
          continue;
        }
        int cells = 0;
        int start = 0;
        int len = line.length();
        while (true) {
          int end = line.indexOf(',', start);
          if (end < 0) {
            end = len;
          }
          cells++;
          if (width >= 0 && cells > width) {
            throw ragged(file, lineNo, line, width);
          }
          float v = parse(file, lineNo, cells, line, start, end);
          if (cells == 1) {
            labels.add(v);
          } else {
            features.add(v);
          }
          if (end == len) {
            break;
          }
          start = end + 1;
        }
        if (width < 0) {
          if (cells < 2) {
            throw new DataFormatException(
                file,
                lineNo,
                1,
                "a CSV row needs a label and at least one feature (label in the first column)",
                line);
          }
          width = cells;
        } else if (cells != width) {
          throw ragged(file, lineNo, line, width);
        }
        if ((long) labels.size() * (width - 1) > maxValues) {
          throw new DataFormatException(
              file,
              lineNo,
              0,
              Dataset.tooLarge(labels.size(), width - 1, maxValues)
                  + " (rows up to this line); train on a sample of the rows or fewer columns",
              null);
        }
      }
    }
    if (width < 0) {
      throw new DataFormatException(file, 0, 0, "holds no rows", null);
    }
    int rows = labels.size();
    return new Dataset(file.toString(), rows, width - 1, features.toArray(), labels.toArray());
  }

  private static DataFormatException ragged(Path file, long lineNo, String line, int width) {
    int cells = line.split(",", -1).length;
    return new DataFormatException(
        file,
        lineNo,
        Math.min(cells, width + 1),
        "every row must have " + width + " cells like the first row",
        cells + " cells");
  }

  /**
   * Whether {@code s} is written as a plain decimal number ({@code -1.5}, {@code 2e-3}, {@code
   * .5}): Java's parser also takes {@code 5d}, {@code 5f} and hexadecimal {@code 0x1p3}, which no
   * CSV or libsvm writer produces and which are more likely a corrupted cell than a value.
   */
  static boolean plainDecimal(String s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return false;
      }
    }
    char last = s.charAt(n - 1);
    return (last >= '0' && last <= '9') || last == '.';
  }

  private static float parse(Path file, long lineNo, int col, String line, int start, int end) {
    String cell = line.substring(start, end).trim();
    if (cell.isEmpty()) {
      throw new DataFormatException(
          file, lineNo, col, "cells must be numbers; missing values are not supported", "");
    }
    float v;
    try {
      v = Float.parseFloat(cell);
    } catch (NumberFormatException e) {
      throw new DataFormatException(
          file,
          lineNo,
          col,
          col == 1 && lineNo == 1
              ? "cells must be numbers (a CSV file has no header row)"
              : "cells must be numbers",
          cell);
    }
    if (!Float.isFinite(v)) {
      throw new DataFormatException(file, lineNo, col, "cells must be finite numbers", cell);
    }
    if (!plainDecimal(cell)) {
      throw new DataFormatException(
          file, lineNo, col, "cells must be plain decimal numbers (like -1.5 or 2e-3)", cell);
    }
    return v;
  }

  /**
   * Lines of a text file (UTF-8, gzip read transparently) as {@link
   * java.io.BufferedReader#readLine} splits them (at \n, \r or \r\n), but with a leading byte-order
   * mark skipped and a cap on a line's length, so that a file without line breaks cannot make it
   * buffer gigabytes.
   */
  static final class LineReader implements Closeable {
    private final Path file;
    private final int maxChars;
    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int end;
    private long lineNo;
    private boolean started;
    private boolean skipLf;

    LineReader(Path file, int maxChars) throws IOException {
      this.file = file;
      this.maxChars = maxChars;
      this.in = new InputStreamReader(DatasetReaders.open(file), StandardCharsets.UTF_8);
    }

    /** The 1-based number of the line {@link #readLine()} returned last. */
    long lineNo() {
      return lineNo;
    }

    /** The next line without its terminator, or null at the end of the file. */
    String readLine() throws IOException {
      StringBuilder sb = null;
      while (true) {
        if (pos == end) {
          if (fill()) {
            continue;
          }
          if (sb == null) {
            return null;
          }
          lineNo++;
          return sb.toString();
        }
        if (skipLf) {
          skipLf = false;
          if (buf[pos] == '\n') {
            pos++;
            continue;
          }
        }
        int start = pos;
        while (pos < end && buf[pos] != '\n' && buf[pos] != '\r') {
          pos++;
        }
        int len = pos - start;
        if ((long) (sb == null ? 0 : sb.length()) + len > maxChars) {
          String head = sb == null ? "" : sb.substring(0, Math.min(sb.length(), 80));
          head += new String(buf, start, Math.min(len, 80 - head.length()));
          throw new DataFormatException(
              file,
              lineNo + 1,
              0,
              "a line may hold at most "
                  + maxChars
                  + " characters and this one holds more (a file without line breaks, or not"
                  + " text?)",
              head);
        }
        if (pos < end) {
          skipLf = buf[pos++] == '\r';
          lineNo++;
          if (sb == null) {
            return new String(buf, start, len);
          }
          return sb.append(buf, start, len).toString();
        }
        if (sb == null) {
          sb = new StringBuilder(Math.max(256, 2 * len));
        }
        sb.append(buf, start, len);
      }
    }

    private boolean fill() throws IOException {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        return false;
      }
      pos = 0;
      end = n;
      if (!started && n > 0) {
        started = true;
        if (buf[0] == '\uFEFF') {
          pos = 1;
        }
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
