package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

class DatasetFormatTest {
  @TempDir Path dir;

  Path text(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  Path gzip(String name, byte[] content) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
      gz.write(content);
    }
    return Files.write(dir.resolve(name), b.toByteArray());
  }

  @Test
  void detectsIdxByMagicNumber() throws IOException {
    for (int ndim = 1; ndim <= 4; ndim++) {
      int[] dims = new int[ndim];
      java.util.Arrays.fill(dims, 1);
      byte[] bytes = IdxReaderTest.idx(0x08, dims).values(7).bytes();
      Path f = Files.write(dir.resolve("x" + ndim + ".idx"), bytes);
      assertEquals(DatasetFormat.IDX, DatasetFormat.detect(f), ndim + " dimensions");
    }
  }

  @Test
  void detectsGzipIdx() throws IOException {
    Path f = gzip("x.idx.gz", IdxReaderTest.idx(0x0D, 1, 2).values(1, 2).bytes());
    assertEquals(DatasetFormat.IDX, DatasetFormat.detect(f));
  }

  @Test
  void detectsCsv() throws IOException {
    assertEquals(DatasetFormat.CSV, DatasetFormat.detect(text("a.csv", "1,2,3\n0,4,5\n")));
    assertEquals(DatasetFormat.CSV, DatasetFormat.detect(text("b.csv", "\n\n 1, 2\r\n")));
    assertEquals(DatasetFormat.CSV, DatasetFormat.detect(text("c.csv", "label,x\n1,2\n")));
    assertEquals(
        DatasetFormat.CSV,
        DatasetFormat.detect(gzip("d.csv.gz", "1,2\n".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void emptyFileIsTreatedAsCsv() throws IOException {
    assertEquals(DatasetFormat.CSV, DatasetFormat.detect(text("e.csv", "")));
  }

  @Test
  void detectsLibsvm() throws IOException {
    assertEquals(DatasetFormat.LIBSVM, DatasetFormat.detect(text("a.svm", "1 1:0.5 3:2\n")));
    assertEquals(DatasetFormat.LIBSVM, DatasetFormat.detect(text("b.svm", "\n-1\t2:1e-3\n")));
    assertEquals(
        DatasetFormat.LIBSVM,
        DatasetFormat.detect(gzip("c.svm.gz", "0 4:1\n".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void detectsLibsvmThatStartsWithAComment() throws IOException {
    // the libsvm reader skips '#' comments, so detection must too
    Path f = text("d.svm", "# exported by svmlight\n# 3 features\n1 1:0.5 3:2\n0 2:1\n");

    assertEquals(DatasetFormat.LIBSVM, DatasetFormat.detect(f));
    assertEquals(2, DatasetReaders.read(f, null).rows());
  }

  @Test
  void detectedFormatDecidesTheReader() throws IOException {
    assertEquals(2, DatasetReaders.read(text("a.csv", "1,2,3\n0,4,5\n"), null).cols());
    assertEquals(3, DatasetReaders.read(text("a.svm", "1 1:0.5 3:2\n"), null).cols());
  }

  @Test
  void explicitFormatOverridesDetection() throws IOException {
    Path f = text("a.txt", "1 1:0.5 3:2\n");

    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> DatasetReaders.read(f, null, DatasetFormat.CSV));

    assertEquals(f + ":1:1", e.field());
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "CSV", "Csv"})
  void parsesNamesCaseInsensitively(String name) {
    assertEquals(DatasetFormat.CSV, DatasetFormat.parse("--format", name));
  }

  @Test
  void parsesEveryFormat() {
    assertEquals(DatasetFormat.IDX, DatasetFormat.parse("--format", "idx"));
    assertEquals(DatasetFormat.LIBSVM, DatasetFormat.parse("--format", "LibSVM"));
  }

  @Test
  void unknownFormatNameListsTheKnownOnes() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DatasetFormat.parse("--format", "parquet"));

    assertEquals("--format", e.field());
    assertEquals("must be one of [idx, csv, libsvm]", e.rule());
    assertEquals("parquet", e.value());
    assertEquals("--format: must be one of [idx, csv, libsvm], got 'parquet'", e.getMessage());
  }
}
