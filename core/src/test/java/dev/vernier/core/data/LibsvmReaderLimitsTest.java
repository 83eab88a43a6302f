package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libsvm files whose shape is out of proportion, or that have no features at all. */
class LibsvmReaderLimitsTest {
  @TempDir Path dir;

  Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  static DataFormatException error(Path file) {
    return assertThrows(
        DataFormatException.class, () -> DatasetReaders.read(file, null, DatasetFormat.LIBSVM));
  }

  /**
   * The tester's 26-byte file: one index of 700 million made the dense matrix 3 x 700000000 floats
   * (8 GiB) and the reader died with OutOfMemoryError. It is refused before anything is allocated,
   * at the line of the largest index, saying what it would need and what to do.
   */
  @Test
  void oneHugeIndexIsRefusedBeforeDensifying() throws IOException {
    Path f = file("huge.svm", "1 1:1\n0 700000000:1\n1 2:1\n");

    DataFormatException e = error(f);

    assertEquals(f + ":2", e.field());
    assertEquals("700000000", e.value());
    assertTrue(e.rule().contains("largest feature index is 700000000"), e.rule());
    assertTrue(e.rule().contains("3 rows"), e.rule());
    assertTrue(e.rule().contains("8011 MiB"), e.rule());
    assertTrue(e.rule().contains("renumber the features"), e.rule());
  }

  @Test
  void valueLimitIsConfigurable() throws IOException {
    Path f = file("d.svm", "1 1:1\n0 3:1\n");

    assertEquals(3, LibsvmReader.read(f, 0, 100, 6).cols());
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> LibsvmReader.read(f, 0, 100, 5));
    assertEquals(f + ":2", e.field());
    assertTrue(e.rule().contains("at most 5 values"), e.rule());
  }

  @Test
  void rowsWithOnlyLabelsAreRefused() throws IOException {
    Path f = file("labels.svm", "1\n0 # no features\n\n1\n");

    DataFormatException e = error(f);

    assertEquals(f.toString(), e.field());
    assertTrue(e.rule().startsWith("has no features"), e.rule());
    assertEquals("3 rows", e.value());
  }

  @Test
  void rowsWithoutFeaturesAreFineWhenOthersHaveThem() throws IOException {
    Path f = file("d.svm", "1\n0 2:5\n");

    Dataset d = DatasetReaders.read(f, null, DatasetFormat.LIBSVM);

    assertArrayEquals(new float[] {0f, 0f, 0f, 5f}, d.features());
  }

  @Test
  void leadingByteOrderMarkIsSkipped() throws IOException {
    Path f = file("bom.svm", "\uFEFF1 1:2\n0 2:3\n");

    Dataset d = DatasetReaders.read(f, null);

    assertArrayEquals(new float[] {1f, 0f}, d.labels());
    assertArrayEquals(new float[] {2f, 0f, 0f, 3f}, d.features());
  }

  @Test
  void lineLongerThanTheLimitIsRefused() throws IOException {
    Path f = file("d.svm", "1 1:1\n0 1:1 2:2 3:3 4:4\n");

    DataFormatException e =
        assertThrows(DataFormatException.class, () -> LibsvmReader.read(f, 0, 10, 100));

    assertEquals(f + ":2", e.field());
    assertTrue(e.rule().contains("at most 10 characters"), e.rule());
  }
}
