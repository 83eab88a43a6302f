package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvReaderTest {
  @TempDir Path dir;

  Path csv(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  static Dataset read(Path file) {
    return DatasetReaders.read(file, null, DatasetFormat.CSV);
  }

  static DataFormatException error(Path file) {
    return assertThrows(DataFormatException.class, () -> read(file));
  }

  /** The field is {@code file:line:column} and the message starts with it, then the rule. */
  static void assertAt(DataFormatException e, Path file, int line, int column) {
    assertEquals(file + ":" + line + ":" + column, e.field());
    assertEquals(line, e.line());
    assertEquals(column, e.column());
    assertTrue(e.getMessage().startsWith(e.field() + ": " + e.rule()), e.getMessage());
  }

  @Test
  void labelIsTheFirstColumn() throws IOException {
    Path f = csv("d.csv", "1,0.5,2\n0,-3,4e2\n2,7,8\n");

    Dataset d = DatasetReaders.read(f, null);

    assertEquals(3, d.rows());
    assertEquals(2, d.cols());
    assertArrayEquals(new float[] {1f, 0f, 2f}, d.labels());
    assertArrayEquals(new float[] {0.5f, 2f, -3f, 400f, 7f, 8f}, d.features());
    assertEquals(f.toString(), d.name());
  }

  @Test
  void blankLinesAndWhitespaceAroundCellsAreIgnored() throws IOException {
    Path f = csv("d.csv", "\n 1 , 2 ,3\n\n   \n0,\t4,5 \r\n\n");

    Dataset d = read(f);

    assertEquals(2, d.rows());
    assertEquals(2, d.cols());
    assertArrayEquals(new float[] {1f, 0f}, d.labels());
    assertArrayEquals(new float[] {2f, 3f, 4f, 5f}, d.features());
  }

  @Test
  void lineNumbersCountBlankLines() throws IOException {
    Path f = csv("d.csv", "1,2\n\n\n0,x\n");

    DataFormatException e = error(f);

    assertAt(e, f, 4, 2);
  }

  @Test
  void shortRowNamesLineAndColumn() throws IOException {
    Path f = csv("d.csv", "1,2,3\n4,5\n");

    DataFormatException e = error(f);

    assertAt(e, f, 2, 2);
    assertEquals("every row must have 3 cells like the first row", e.rule());
    assertEquals("2 cells", e.value());
  }

  @Test
  void longRowNamesTheFirstExtraColumn() throws IOException {
    Path f = csv("d.csv", "1,2\n3,4\n5,6,7,8\n");

    DataFormatException e = error(f);

    assertAt(e, f, 3, 3);
    assertEquals("every row must have 2 cells like the first row", e.rule());
    assertEquals("4 cells", e.value());
  }

  @Test
  void nonNumericCellNamesLineColumnAndValue() throws IOException {
    Path f = csv("d.csv", "1,2,3\n4,abc,6\n");

    DataFormatException e = error(f);

    assertAt(e, f, 2, 2);
    assertEquals("cells must be numbers", e.rule());
    assertEquals("abc", e.value());
    assertTrue(e.getMessage().endsWith(", got 'abc'"), e.getMessage());
  }

  @Test
  void emptyCellIsAMissingValue() throws IOException {
    Path f = csv("d.csv", "1,2,3\n4,,6\n");

    DataFormatException e = error(f);

    assertAt(e, f, 2, 2);
    assertTrue(e.rule().contains("missing values are not supported"), e.rule());
    assertEquals("", e.value());
  }

  @Test
  void cellOfSpacesIsAMissingValue() throws IOException {
    Path f = csv("d.csv", "1, \t ,3\n");

    DataFormatException e = error(f);

    assertAt(e, f, 1, 2);
    assertTrue(e.rule().contains("missing values are not supported"), e.rule());
    assertEquals("", e.value());
  }

  @Test
  void badCellIsReportedWithoutItsSurroundingSpace() throws IOException {
    Path f = csv("d.csv", "1,2,3\n4,5,  n/a \n");

    DataFormatException e = error(f);

    assertAt(e, f, 2, 3);
    assertEquals("n/a", e.value());
  }

  @Test
  void trailingCommaIsAnEmptyCell() throws IOException {
    Path f = csv("d.csv", "1,2,\n");

    assertAt(error(f), f, 1, 3);
  }

  @Test
  void headerRowIsRejectedWithAHint() throws IOException {
    Path f = csv("d.csv", "label,x1,x2\n1,2,3\n");

    DataFormatException e = error(f);

    assertAt(e, f, 1, 1);
    assertTrue(e.rule().contains("header"), e.rule());
    assertEquals("label", e.value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1e39"})
  void nonFiniteNumbersAreRejected(String cell) throws IOException {
    Path f = csv("d.csv", "1,2,3\n0,4," + cell + "\n");

    DataFormatException e = error(f);

    assertAt(e, f, 2, 3);
    assertEquals("cells must be finite numbers", e.rule());
    assertEquals(cell, e.value());
  }

  /** Java reads these as numbers; no CSV writer produces them, so they are a corrupted cell. */
  @ParameterizedTest
  @ValueSource(strings = {"5d", "5f", "0x1p3", "1.5F", "-0X1P-2"})
  void numbersOnlyJavaWouldReadAreRejected(String cell) throws IOException {
    Path f = csv("d.csv", "1,2,3\n0,4," + cell + "\n");

    DataFormatException e = error(f);

    assertAt(e, f, 2, 3);
    assertEquals("cells must be plain decimal numbers (like -1.5 or 2e-3)", e.rule());
    assertEquals(cell, e.value());
    assertEquals(-0.5f, CsvReader.read(csv("ok.csv", "1,-.5e0\n")).features()[0]);
  }

  @Test
  void nonFiniteLabelIsRejected() throws IOException {
    Path f = csv("d.csv", "NaN,1\n");

    DataFormatException e = error(f);

    assertAt(e, f, 1, 1);
    assertEquals("cells must be finite numbers", e.rule());
  }

  @Test
  void singleColumnRowIsRejected() throws IOException {
    Path f = csv("d.csv", "1\n2\n");

    DataFormatException e = error(f);

    assertAt(e, f, 1, 1);
    assertTrue(e.rule().contains("needs a label and at least one feature"), e.rule());
  }

  @Test
  void emptyFileIsRejected() throws IOException {
    Path f = csv("d.csv", "");

    DataFormatException e = error(f);

    assertEquals(f.toString(), e.field());
    assertEquals("holds no rows", e.rule());
    assertEquals(f + ": holds no rows", e.getMessage());
  }

  @Test
  void fileOfBlankLinesIsRejected() throws IOException {
    Path f = csv("d.csv", "\n  \n\t\n");

    assertEquals("holds no rows", error(f).rule());
  }

  @Test
  void gzipCsvReadsLikeThePlainFile() throws IOException {
    String text = "1,0.25,2\n0,3,-4\n";
    Path plain = csv("d.csv", text);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Path packed = Files.write(dir.resolve("d.csv.gz"), b.toByteArray());

    Dataset d = DatasetReaders.read(packed, null);

    assertEquals(2, d.rows());
    assertArrayEquals(new float[] {1f, 0f}, d.labels());
    assertArrayEquals(new float[] {0.25f, 2f, 3f, -4f}, d.features());
    assertEquals(read(plain).sha256(), d.sha256());
  }

  @Test
  void manyRowsGrowTheBuffers() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      sb.append(i % 3).append(',').append(i).append(',').append(-i).append('\n');
    }
    Dataset d = read(csv("d.csv", sb.toString()));

    assertEquals(5000, d.rows());
    assertEquals(4321f, d.feature(4321, 0));
    assertEquals(-4999f, d.feature(4999, 1));
    assertEquals(4997 % 3, d.labels()[4997]);
  }

  @Test
  void labelsFileIsRejectedForCsv() throws IOException {
    Path f = csv("d.csv", "1,2\n");
    Path l = csv("labels.csv", "1\n");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DatasetReaders.read(f, l));

    assertEquals("labels", e.field());
    assertTrue(e.rule().startsWith("csv files carry the label in the first column"), e.rule());
    assertTrue(e.rule().contains("only for IDX"), e.rule());
    assertEquals(l.toString(), e.value());
  }

  @Test
  void missingFileIsRejected() {
    Path f = dir.resolve("absent.csv");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DatasetReaders.read(f, null));

    assertEquals("file", e.field());
    assertEquals("no such file", e.rule());
    assertEquals(f.toString(), e.value());
  }

  /** A folder is a dataset of its files (FolderReaderTest); one without data files is refused. */
  @Test
  void anEmptyDirectoryIsRejected() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DatasetReaders.read(dir, null));

    assertEquals("file", e.field());
    assertEquals("is a folder with no data files (hidden files are skipped)", e.rule());
  }
}
