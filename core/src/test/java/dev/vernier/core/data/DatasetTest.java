package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
  @TempDir Path dir;

  static Dataset of(int rows, int cols, float[] features, float[] labels) {
    return new Dataset("test", rows, cols, features, labels);
  }

  /** The documented layout, computed independently: shape, labelled flag, features, labels. */
  static String expectedHash(int rows, int cols, float[] features, float[] labels)
      throws NoSuchAlgorithmException {
    int n = 17 + 4 * (features.length + (labels == null ? 0 : labels.length));
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(rows).putLong(cols).put((byte) (labels == null ? 0 : 1));
    for (float v : features) {
      b.putFloat(v);
    }
    if (labels != null) {
      for (float v : labels) {
        b.putFloat(v);
      }
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
  }

  @Test
  void hashIsSha256OfShapeFeaturesAndLabels() throws Exception {
    float[] f = {1f, -2.5f, 0f, 3e-7f, 1e6f, -0f};
    float[] l = {1f, 0f, 2f};
    Dataset d = of(3, 2, f, l);

    assertEquals(64, d.sha256().length());
    assertTrue(d.sha256().matches("[0-9a-f]{64}"));
    assertEquals(expectedHash(3, 2, f, l), d.sha256());
    assertEquals(expectedHash(3, 2, f, null), of(3, 2, f, null).sha256());
  }

  @Test
  void hashOfLargeDatasetCrossesTheDigestBuffer() throws Exception {
    int rows = 10_000;
    int cols = 7; // 70000 floats, several 64 KiB buffers, not a multiple of one
    float[] f = new float[rows * cols];
    float[] l = new float[rows];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) Math.sin(i);
    }
    for (int i = 0; i < rows; i++) {
      l[i] = i % 10;
    }

    assertEquals(expectedHash(rows, cols, f, l), of(rows, cols, f, l).sha256());
  }

  @Test
  void equalNumbersFromDifferentFormatsHaveEqualHashes() throws IOException {
    Path csv = Files.writeString(dir.resolve("d.csv"), "1,0.5,0,2\n0,0,-1,0\n3,0,0,0.125\n");
    Path svm =
        Files.writeString(
            dir.resolve("d.svm"), "1 1:0.5 3:2\n0 2:-1\n3 3:0.125\n", StandardCharsets.UTF_8);
    Path x =
        Files.write(
            dir.resolve("x.idx"),
            IdxReaderTest.idx(0x0D, 3, 3).values(0.5, 0, 2, 0, -1, 0, 0, 0, 0.125).bytes());
    Path y = Files.write(dir.resolve("y.idx"), IdxReaderTest.idx(0x08, 3).values(1, 0, 3).bytes());

    Dataset fromCsv = DatasetReaders.read(csv, null);
    Dataset fromSvm = DatasetReaders.read(svm, null);
    Dataset fromIdx = DatasetReaders.read(x, y);

    assertNotEquals(fromCsv.name(), fromSvm.name());
    assertEquals(fromCsv.sha256(), fromSvm.sha256());
    assertEquals(fromCsv.sha256(), fromIdx.sha256());
  }

  @Test
  void hashChangesWhenOneValueChanges() {
    float[] f = {1f, 2f, 3f, 4f};
    float[] g = f.clone();
    g[3] = Math.nextUp(4f);

    assertNotEquals(of(2, 2, f, null).sha256(), of(2, 2, g, null).sha256());
  }

  @Test
  void hashChangesWhenALabelChanges() {
    float[] f = {1f, 2f, 3f, 4f};

    assertNotEquals(
        of(2, 2, f, new float[] {0f, 1f}).sha256(), of(2, 2, f, new float[] {0f, 2f}).sha256());
  }

  @Test
  void labelledAndUnlabelledDiffer() {
    float[] f = {1f, 2f, 3f, 4f};

    assertNotEquals(of(2, 2, f, null).sha256(), of(2, 2, f, new float[] {0f, 0f}).sha256());
  }

  @Test
  void shapeIsPartOfTheHash() {
    float[] f = {1f, 2f, 3f, 4f, 5f, 6f};

    assertNotEquals(of(2, 3, f, null).sha256(), of(3, 2, f, null).sha256());
  }

  @Test
  void hashIgnoresTheName() {
    float[] f = {1f, 2f};
    assertEquals(
        new Dataset("a", 1, 2, f, null).sha256(), new Dataset("b", 1, 2, f, null).sha256());
  }

  @Test
  void classLabelsAreIntegers() {
    Dataset d = of(3, 1, new float[3], new float[] {0f, 2f, 1f});

    assertArrayEquals(new int[] {0, 2, 1}, d.classLabels(3, "num_classes"));
    assertArrayEquals(new int[] {0, 2, 1}, d.classLabels(0, "num_classes"));
    assertEquals(3, d.inferClassCount());
  }

  @Test
  void nonIntegerLabelNamesTheRow() {
    Dataset d = new Dataset("train.csv", 3, 1, new float[3], new float[] {0f, 1.5f, 1f});

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> d.classLabels(3, "num_classes"));

    assertEquals("train.csv row 2 label", e.field());
    assertEquals("a classifier needs labels that are non-negative integers", e.rule());
    assertEquals("1.5", e.value());
  }

  @Test
  void negativeLabelIsRejected() {
    Dataset d = new Dataset("train.csv", 2, 1, new float[2], new float[] {0f, -1f});

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> d.classLabels(0, "num_classes"));

    assertEquals("train.csv row 2 label", e.field());
    assertTrue(e.rule().contains("non-negative integers"), e.rule());
    assertEquals("-1.0", e.value());
  }

  @Test
  void nanLabelIsRejected() {
    Dataset d = new Dataset("t", 1, 1, new float[1], new float[] {Float.NaN});

    assertThrows(InvalidInputException.class, () -> d.classLabels(0, "num_classes"));
  }

  @Test
  void labelAtOrAboveClassCountNamesTheRow() {
    Dataset d = new Dataset("train.csv", 4, 1, new float[4], new float[] {0f, 1f, 2f, 3f});

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> d.classLabels(3, "num_classes"));

    assertEquals("train.csv row 4 label", e.field());
    assertEquals("must be below num_classes=3", e.rule());
    assertEquals("3", e.value());
    assertEquals("train.csv row 4 label: must be below num_classes=3, got 3", e.getMessage());
  }

  @Test
  void unlabelledDatasetHasNoLabels() {
    Dataset d = new Dataset("x.idx", 1, 1, new float[1], null);

    assertFalse(d.hasLabels());
    InvalidInputException e = assertThrows(InvalidInputException.class, d::labels);
    assertEquals("x.idx", e.field());
    assertTrue(e.rule().contains("has no labels"), e.rule());
    assertNull(e.value());
    assertThrows(InvalidInputException.class, () -> d.classLabels(2, "num_classes"));
  }

  @Test
  void selectCopiesRowsInTheGivenOrder() {
    float[] f = {0f, 1f, 10f, 11f, 20f, 21f};
    Dataset d = of(3, 2, f, new float[] {5f, 6f, 7f});

    Dataset s = d.select(new int[] {2, 0, 2}, "picked");

    assertEquals("picked", s.name());
    assertEquals(3, s.rows());
    assertEquals(2, s.cols());
    assertArrayEquals(new float[] {20f, 21f, 0f, 1f, 20f, 21f}, s.features());
    assertArrayEquals(new float[] {7f, 5f, 7f}, s.labels());
    assertArrayEquals(new float[] {0f, 1f, 10f, 11f, 20f, 21f}, d.features(), "source unchanged");
  }

  @Test
  void selectOfUnlabelledStaysUnlabelled() {
    Dataset s = of(2, 1, new float[] {1f, 2f}, null).select(new int[] {1}, "one");

    assertFalse(s.hasLabels());
    assertArrayEquals(new float[] {2f}, s.features());
  }

  @Test
  void selectingEveryRowKeepsTheHash() {
    Dataset d = of(3, 1, new float[] {1f, 2f, 3f}, new float[] {0f, 1f, 0f});

    assertEquals(d.sha256(), d.select(new int[] {0, 1, 2}, "copy").sha256());
    assertNotEquals(d.sha256(), d.select(new int[] {2, 1, 0}, "reversed").sha256());
  }

  @Test
  void labelsAsFirstFeatureRestoresTheCsvColumns() throws IOException {
    Path f = Files.writeString(dir.resolve("predict.csv"), "1,2,3\n4,5,6\n");
    Dataset read = DatasetReaders.read(f, null);

    Dataset d = read.labelsAsFirstFeature();

    assertFalse(d.hasLabels());
    assertEquals(2, d.rows());
    assertEquals(3, d.cols());
    assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, d.features());
    assertEquals(read.name(), d.name());
    assertThrows(
        InvalidInputException.class,
        () -> new Dataset("x", 1, 1, new float[1], null).labelsAsFirstFeature());
  }

  @Test
  void constructorChecksTheShape() {
    assertThrows(IllegalArgumentException.class, () -> of(2, 2, new float[3], null));
    assertThrows(IllegalArgumentException.class, () -> of(2, 1, new float[2], new float[3]));
    assertThrows(IllegalArgumentException.class, () -> of(-1, 0, new float[0], null));
  }

  @Test
  void featureIndexesRowMajor() {
    Dataset d = of(2, 3, new float[] {0f, 1f, 2f, 10f, 11f, 12f}, null);

    assertEquals(12f, d.feature(1, 2));
    assertEquals(2f, d.feature(0, 2));
    assertEquals("test (2x3, unlabelled)", d.toString());
  }
}
