package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder read as one dataset, as SageMaker's File mode reads an S3 prefix. */
class FolderReaderTest {
  @TempDir Path dir;

  @Test
  void csvFilesAreReadInNameOrderGzipOrNotHiddenOnesSkipped() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("train"));
    Files.writeString(folder.resolve("b.csv"), "1,2,3\n");
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(folder.resolve("a.csv.gz")))) {
      out.write("0,0.5,0.25\n1,1,1\n".getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(folder.resolve("c.csv"), "0,9,8\n");
    Files.writeString(folder.resolve(".hidden.csv"), "this is not data\n");
    Files.createDirectories(folder.resolve("nested"));
    Files.writeString(folder.resolve("nested/d.csv"), "1,7,7\n");

    Dataset d = DatasetReaders.read(folder, null);

    assertEquals(4, d.rows());
    assertEquals(2, d.cols());
    assertArrayEquals(new float[] {0.5f, 0.25f, 1, 1, 2, 3, 9, 8}, d.features());
    assertArrayEquals(new float[] {0, 1, 1, 0}, d.labels());
    assertEquals(folder.toString(), d.name());
  }

  @Test
  void mixedFormatsAreRefusedNamingBothFiles() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("mixed"));
    Files.writeString(folder.resolve("a.csv"), "1,2,3\n");
    Files.writeString(folder.resolve("b.libsvm"), "1 1:2 2:3\n");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DatasetReaders.read(folder, null));

    assertTrue(e.getMessage().contains("a.csv is csv"), e.getMessage());
    assertTrue(e.getMessage().contains("b.libsvm is libsvm"), e.getMessage());
  }

  @Test
  void libsvmFilesOfDifferentWidthsArePaddedWithZeros() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("svm"));
    Files.writeString(folder.resolve("1.txt"), "1 1:2\n");
    Files.writeString(folder.resolve("2.txt"), "0 3:4\n");

    Dataset d = DatasetReaders.read(folder, null);

    assertEquals(3, d.cols());
    assertArrayEquals(new float[] {2, 0, 0, 0, 0, 4}, d.features());
  }

  @Test
  void csvFilesWithDifferentColumnsAreRefused() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("ragged"));
    Files.writeString(folder.resolve("a.csv"), "1,2,3\n");
    Files.writeString(folder.resolve("b.csv"), "1,2\n");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DatasetReaders.read(folder, null));

    assertTrue(e.getMessage().contains("a.csv has 3 and b.csv has 2"), e.getMessage());
  }

  @Test
  void idxFeaturesAndLabelsPairInNameOrder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("mnist"));
    IdxWriter.writeFeatures(folder.resolve("part1-images"), 2, 2, new float[] {1, 2, 3, 4});
    IdxWriter.writeLabels(folder.resolve("part1-labels"), new float[] {7, 8});
    IdxWriter.writeFeatures(folder.resolve("part2-images"), 1, 2, new float[] {5, 6});
    IdxWriter.writeLabels(folder.resolve("part2-labels"), new float[] {9});

    Dataset d = DatasetReaders.read(folder, null);

    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.features());
    assertArrayEquals(new float[] {7, 8, 9}, d.labels());
  }

  @Test
  void anEmptyFolderIsAnError() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(folder.resolve(".keep"), "");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DatasetReaders.read(folder, null));

    assertTrue(e.getMessage().contains("no data files"), e.getMessage());
  }

  /**
   * Each file of a folder stays under the readers' value limit, but libsvm parts are padded to the
   * widest: together they may ask for far more. The folder is refused, naming the shape and the
   * limit, before the table is allocated.
   */
  @Test
  void partsThatTogetherExceedTheValueLimitAreRefused() {
    Dataset narrow = new Dataset("a.svm", 3, 1, new float[3], new float[3]);
    Dataset wide = new Dataset("b.svm", 1, 4, new float[4], new float[1]);
    Path folder = Path.of("f2");
    assertEquals(16, FolderReader.concat(folder, List.of(narrow, wide), 16).features().length);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> FolderReader.concat(folder, List.of(narrow, wide), 15));
    assertEquals("f2", e.value());
    assertTrue(e.rule().contains("4 rows x 4 features"), e.rule());
    assertTrue(e.rule().contains("limit of 15 values"), e.rule());
  }
}
