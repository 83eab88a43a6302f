package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files that are not what they seem: no line breaks, a byte-order mark, too many values. */
class CsvReaderLimitsTest {
  @TempDir Path dir;

  Path csv(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** A gzip file of {@code head} followed by {@code n} copies of {@code c} and no line break. */
  Path gzipWithLongLine(String name, String head, char c, long n) throws IOException {
    Path f = dir.resolve(name);
    byte[] chunk = new byte[1 << 16];
    Arrays.fill(chunk, (byte) c);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16)) {
      out.write(head.getBytes(StandardCharsets.UTF_8));
      for (long left = n; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
    return f;
  }

  static List<String> lines(Path f, int max) throws IOException {
    List<String> out = new ArrayList<>();
    try (CsvReader.LineReader r = new CsvReader.LineReader(f, max)) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        out.add(r.lineNo() + ":" + l);
      }
    }
    return out;
  }

  /**
   * The tester's case, scaled down: a gzip that expands to one line of millions of '0's was read
   * whole by BufferedReader.readLine (700 million gave OutOfMemoryError). A line longer than the
   * limit is refused, naming the file, the line and the limit.
   */
  @Test
  void lineLongerThanTheLimitIsRefusedNamingLineAndLimit() throws IOException {
    Path f = gzipWithLongLine("zeros.csv.gz", "1,2\n1,", '0', CsvReader.MAX_LINE_CHARS);

    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> DatasetReaders.read(f, null, DatasetFormat.CSV));

    assertEquals(f + ":2", e.field());
    assertEquals(2, e.line());
    assertTrue(e.rule().contains("at most 16777216 characters"), e.rule());
    assertTrue(e.value().startsWith("1,000"), e.value());
    assertTrue(e.getMessage().startsWith(f + ":2: a line may hold at most"), e.getMessage());
  }

  @Test
  void limitIs16MiCharacters() {
    assertEquals(16 * 1024 * 1024, CsvReader.MAX_LINE_CHARS);
  }

  @Test
  void aLineOfExactlyTheLimitIsRead() throws IOException {
    Path f = csv("d.csv", "1,23456789\n1,234567890\n");

    Dataset d = CsvReader.read(f, 11, 100);

    assertEquals(2, d.rows());
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> CsvReader.read(f, 10, 100));
    assertEquals(f + ":2", e.field());
    assertTrue(e.rule().contains("at most 10 characters"), e.rule());
  }

  @Test
  void linesSplitAsBufferedReaderSplitsThem() throws IOException {
    Path f = csv("t.txt", "a\r\nb\rc\n\nd\r\r\ne");

    assertEquals(List.of("1:a", "2:b", "3:c", "4:", "5:d", "6:", "7:e"), lines(f, 100));
    assertEquals(List.of(), lines(csv("empty.txt", ""), 100));
    assertEquals(List.of("1:x"), lines(csv("one.txt", "x\n"), 100));
  }

  @Test
  void linesLongerThanTheReadBufferAreWhole() throws IOException {
    String longLine = "7".repeat(200_000);
    Path f = csv("t.txt", "a\n" + longLine + "\r\nb");

    List<String> l = lines(f, 1 << 20);

    assertEquals(3, l.size());
    assertEquals("2:" + longLine, l.get(1));
    assertEquals("3:b", l.get(2));
    DataFormatException e = assertThrows(DataFormatException.class, () -> lines(f, 199_999));
    assertEquals(2, e.line());
  }

  /** Excel and Notepad write UTF-8 with a byte-order mark; the first cell read as '\uFEFF9'. */
  @Test
  void leadingByteOrderMarkIsSkipped() throws IOException {
    Path f = csv("bom.csv", "\uFEFF9,1,2\n0,3,4\n");

    Dataset d = DatasetReaders.read(f, null);

    assertArrayEquals(new float[] {9f, 0f}, d.labels());
    assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, d.features());
  }

  @Test
  void byteOrderMarkIsSkippedInGzipToo() throws IOException {
    Path f = gzipWithLongLine("bom.csv.gz", "\uFEFF9,1,2\n", '\n', 1);

    Dataset d = DatasetReaders.read(f, null, DatasetFormat.CSV);

    assertArrayEquals(new float[] {9f}, d.labels());
  }

  @Test
  void byteOrderMarkAfterTheStartIsStillAnError() throws IOException {
    Path f = csv("bom.csv", "9,1,2\n\uFEFF0,3,4\n");

    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> DatasetReaders.read(f, null, DatasetFormat.CSV));

    assertEquals(f + ":2:1", e.field());
  }

  @Test
  void tableBeyondTheValueLimitIsRefusedAtTheLineThatCrossesIt() throws IOException {
    Path f = csv("d.csv", "1,2,3\n1,2,3\n1,2,3\n");

    assertEquals(2, CsvReader.read(f, 100, 6).cols());
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> CsvReader.read(f, 100, 5));

    assertEquals(f + ":3", e.field());
    assertTrue(e.rule().contains("a 3 x 2 table"), e.rule());
    assertTrue(e.rule().contains("at most 5 values"), e.rule());
    assertNull(e.value());
  }

  @Test
  void valueLimitIsAGibibyteOrHalfTheHeap() {
    assertEquals(1L << 28, Dataset.MAX_VALUES);
    assertEquals(Math.min(1L << 28, Runtime.getRuntime().maxMemory() / 8), Dataset.maxValues());
  }
}
