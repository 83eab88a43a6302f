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
import org.junit.jupiter.params.provider.CsvSource;

class LibsvmReaderTest {
  @TempDir Path dir;

  Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  static Dataset read(Path file) {
    return DatasetReaders.read(file, null, DatasetFormat.LIBSVM);
  }

  static DataFormatException error(Path file) {
    return assertThrows(DataFormatException.class, () -> read(file));
  }

  static void assertAt(DataFormatException e, Path file, int line, int column) {
    assertEquals(file + ":" + line + ":" + column, e.field());
    assertEquals(line, e.line());
    assertEquals(column, e.column());
    assertTrue(e.getMessage().startsWith(e.field() + ": " + e.rule()), e.getMessage());
  }

  @Test
  void sparseRowsBecomeDenseWithZeros() throws IOException {
    Path f = file("d.svm", "1 1:0.5 3:2\n0 2:-1\n-1\n2.5 4:7\n");

    Dataset d = DatasetReaders.read(f, null);

    assertEquals(4, d.rows());
    assertEquals(4, d.cols(), "the largest index is the feature count");
    assertArrayEquals(new float[] {1f, 0f, -1f, 2.5f}, d.labels());
    assertArrayEquals(
        new float[] {
          0.5f, 0f, 2f, 0f, //
          0f, -1f, 0f, 0f, //
          0f, 0f, 0f, 0f, //
          0f, 0f, 0f, 7f
        },
        d.features());
  }

  @Test
  void commentsAndBlankLinesAreSkipped() throws IOException {
    Path f = file("d.svm", "# written by a tool\n\n1 1:1 2:2 # first row\n   \n0 2:3#x\n# end\n");

    Dataset d = read(f);

    assertEquals(2, d.rows());
    assertEquals(2, d.cols());
    assertArrayEquals(new float[] {1f, 0f}, d.labels());
    assertArrayEquals(new float[] {1f, 2f, 0f, 3f}, d.features());
  }

  @Test
  void tabsAndRepeatedSpacesSeparateTokens() throws IOException {
    Dataset d = read(file("d.svm", "  1\t1:1   2:2\t\n"));

    assertArrayEquals(new float[] {1f, 2f}, d.features());
  }

  @Test
  void indexZeroIsRejected() throws IOException {
    Path f = file("d.svm", "1 1:1\n0 0:1 2:3\n");

    DataFormatException e = error(f);

    assertAt(e, f, 2, 2);
    assertEquals("feature indices are 1-based and must be >= 1", e.rule());
    assertEquals("0", e.value());
  }

  @Test
  void repeatedIndexIsRejected() throws IOException {
    Path f = file("d.svm", "1 1:1 2:1 2:3\n");

    DataFormatException e = error(f);

    assertAt(e, f, 1, 4);
    assertEquals("feature indices must be strictly ascending", e.rule());
    assertEquals("2", e.value());
  }

  @Test
  void descendingIndexIsRejected() throws IOException {
    Path f = file("d.svm", "1 5:1 3:1\n");

    DataFormatException e = error(f);

    assertAt(e, f, 1, 3);
    assertEquals("feature indices must be strictly ascending", e.rule());
    assertEquals("3", e.value());
  }

  @ParameterizedTest
  @CsvSource({"5", ":5", "1=2"})
  void featureWithoutIndexColonValueIsRejected(String token) throws IOException {
    Path f = file("d.svm", "1 " + token + "\n");

    DataFormatException e = error(f);

    assertAt(e, f, 1, 2);
    assertEquals("features must be written index:value", e.rule());
    assertEquals(token, e.value());
  }

  @Test
  void nonIntegerIndexIsRejected() throws IOException {
    Path f = file("d.svm", "1 a:2\n");

    DataFormatException e = error(f);

    assertAt(e, f, 1, 2);
    assertEquals("a feature index must be an integer", e.rule());
    assertEquals("a:2", e.value());
  }

  @ParameterizedTest
  @CsvSource(
      value = {
        "1 1:abc|abc",
        "1 1:|''",
        "1 1:NaN|NaN",
        "1 1:inf|inf",
        "1 1:1e39|1e39",
        "1 1:5d|5d",
        "1 1:0x1p3|0x1p3"
      },
      delimiter = '|')
  void badValueIsRejected(String line, String value) throws IOException {
    Path f = file("d.svm", "0 1:1\n" + line + "\n");

    DataFormatException e = error(f);

    assertAt(e, f, 2, 2);
    assertEquals("a value must be a number", e.rule());
    assertEquals(value, e.value());
  }

  @ParameterizedTest
  @CsvSource({"x", "NaN", "Infinity", "1:2"})
  void badLabelIsRejected(String label) throws IOException {
    Path f = file("d.svm", label + " 1:1\n");

    DataFormatException e = error(f);

    assertAt(e, f, 1, 1);
    assertEquals("the label must be a number", e.rule());
    assertEquals(label, e.value());
  }

  @Test
  void fileWithOnlyCommentsIsRejected() throws IOException {
    Path f = file("d.svm", "# nothing here\n\n");

    DataFormatException e = error(f);

    assertEquals(f.toString(), e.field());
    assertEquals("holds no rows", e.rule());
  }

  @Test
  void gzipLibsvmReadsLikeThePlainFile() throws IOException {
    String text = "1 2:0.5\n0 1:3\n";
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Path packed = Files.write(dir.resolve("d.svm.gz"), b.toByteArray());

    Dataset d = DatasetReaders.read(packed, null);

    assertArrayEquals(new float[] {0f, 0.5f, 3f, 0f}, d.features());
    assertEquals(read(file("d.svm", text)).sha256(), d.sha256());
  }

  @Test
  void labelsFileIsRejectedForLibsvm() throws IOException {
    Path f = file("d.svm", "1 1:2\n");
    Path l = file("labels.txt", "1\n");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DatasetReaders.read(f, l));

    assertEquals("labels", e.field());
    assertTrue(e.rule().startsWith("libsvm files carry the label"), e.rule());
    assertEquals(l.toString(), e.value());
  }
}
