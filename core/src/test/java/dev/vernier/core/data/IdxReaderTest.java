package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  /** An IDX header: two zero bytes, the type code, the dimension count, one uint32 per dim. */
  static Idx idx(int type, int... dims) {
    return new Idx(type, dims);
  }

  /** Builds an IDX file byte by byte; values are appended in the type's big-endian encoding. */
  static final class Idx {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final int type;

    Idx(int type, int... dims) {
      this.type = type;
      try {
        out.writeByte(0);
        out.writeByte(0);
        out.writeByte(type);
        out.writeByte(dims.length);
        for (int d : dims) {
          out.writeInt(d);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Idx values(double... values) {
      try {
        for (double v : values) {
          switch (type) {
            case 0x08, 0x09 -> out.writeByte((int) v);
            case 0x0B -> out.writeShort((int) v);
            case 0x0C -> out.writeInt((int) v);
            case 0x0D -> out.writeFloat((float) v);
            case 0x0E -> out.writeDouble(v);
            default -> throw new IllegalArgumentException("type " + type);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Idx raw(int... bytesToAppend) {
      for (int b : bytesToAppend) {
        bytes.write(b);
      }
      return this;
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
      gz.write(content);
    }
    return b.toByteArray();
  }

  static DataFormatException formatError(Path features, Path labels) {
    return assertThrows(
        DataFormatException.class, () -> DatasetReaders.read(features, labels, DatasetFormat.IDX));
  }

  /** The field is the file itself (no line or column in a binary file) and the message names it. */
  static void assertNamesFile(DataFormatException e, Path file) {
    assertEquals(file.toString(), e.field());
    assertEquals(file, e.file());
    assertEquals(0, e.line());
    assertEquals(0, e.column());
    assertTrue(e.getMessage().startsWith(file + ": " + e.rule()), e.getMessage());
  }

  @Test
  void unsignedBytesScaleLikeAFloat32DivisionBy255() throws IOException {
    double[] all = java.util.stream.IntStream.range(0, 256).asDoubleStream().toArray();
    Dataset d = DatasetReaders.read(write("b.idx", idx(0x08, 256, 1).values(all).bytes()), null);
    for (int i = 0; i < all.length; i++) { // numpy: x.astype(np.float32) / np.float32(255)
      assertEquals(Float.floatToIntBits(i / 255f), Float.floatToIntBits(d.features()[i]), "" + i);
    }
  }

  @Test
  void unsignedByteImagesAreScaledToTheUnitInterval() throws IOException {
    Path f =
        write(
            "images.idx",
            idx(0x08, 3, 2, 2).values(0, 1, 127, 255, 10, 20, 30, 40, 255, 254, 128, 0).bytes());

    Dataset d = DatasetReaders.read(f, null);

    assertEquals(3, d.rows());
    assertEquals(4, d.cols());
    assertFalse(d.hasLabels());
    assertEquals(f.toString(), d.name());
    int[] raw = {0, 1, 127, 255, 10, 20, 30, 40, 255, 254, 128, 0};
    for (int i = 0; i < raw.length; i++) {
      assertEquals(raw[i] / 255.0, d.features()[i], 1e-7, "value " + i);
    }
    assertEquals(0f, d.feature(0, 0));
    assertEquals(1f, d.feature(0, 3), "255 must scale to exactly 1");
    assertEquals(1f, d.feature(2, 0));
    for (float v : d.features()) {
      assertTrue(v >= 0f && v <= 1f, "scaled value " + v + " outside [0, 1]");
    }
  }

  @Test
  void floatValuesAreReadAsIs() throws IOException {
    double[] values = {-1.5, 3.25e-3, 1e6, 0, Float.MIN_VALUE, -7};
    Path f = write("f.idx", idx(0x0D, 2, 3).values(values).bytes());

    Dataset d = DatasetReaders.read(f, null);

    assertEquals(2, d.rows());
    assertEquals(3, d.cols());
    float[] expected = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      expected[i] = (float) values[i];
    }
    assertArrayEquals(expected, d.features());
  }

  @Test
  void intValuesAreReadAsIsNotScaled() throws IOException {
    Path f = write("i.idx", idx(0x0C, 3, 1).values(-7, 1_000_000, 255).bytes());

    Dataset d = DatasetReaders.read(f, null);

    assertEquals(3, d.rows());
    assertEquals(1, d.cols());
    assertArrayEquals(new float[] {-7f, 1_000_000f, 255f}, d.features());
  }

  @Test
  void otherTypesAreReadAsIs() throws IOException {
    // 0x09 signed byte, 0x0B int16, 0x0E float64
    assertArrayEquals(
        new float[] {-128f, 127f},
        DatasetReaders.read(write("b.idx", idx(0x09, 2).values(-128, 127).bytes()), null)
            .features());
    assertArrayEquals(
        new float[] {-30000f, 12345f},
        DatasetReaders.read(write("s.idx", idx(0x0B, 2).values(-30000, 12345).bytes()), null)
            .features());
    assertArrayEquals(
        new float[] {(float) 0.1, -2.5f},
        DatasetReaders.read(write("d.idx", idx(0x0E, 2).values(0.1, -2.5).bytes()), null)
            .features());
  }

  @Test
  void trailingDimensionsAreFlattenedIntoFeatures() throws IOException {
    double[] v = new double[2 * 3 * 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    Dataset d = DatasetReaders.read(write("x.idx", idx(0x0D, 2, 3, 4).values(v).bytes()), null);

    assertEquals(2, d.rows());
    assertEquals(12, d.cols());
    assertEquals(13f, d.feature(1, 1));
  }

  @Test
  void labelsComeFromAOneDimensionalFileAndAreNotScaled() throws IOException {
    Path f = write("x.idx", idx(0x08, 3, 2).values(0, 255, 51, 102, 1, 2).bytes());
    Path l = write("y.idx", idx(0x08, 3).values(3, 0, 9).bytes());

    Dataset d = DatasetReaders.read(f, l);

    assertTrue(d.hasLabels());
    assertArrayEquals(new float[] {3f, 0f, 9f}, d.labels());
    assertArrayEquals(new int[] {3, 0, 9}, d.classLabels(10, "num_classes"));
  }

  @Test
  void labelsOfShapeNByOneAreAccepted() throws IOException {
    Path f = write("x.idx", idx(0x0D, 2, 1).values(1, 2).bytes());
    Path l = write("y.idx", idx(0x0D, 2, 1).values(0.5, -4).bytes());

    assertArrayEquals(new float[] {0.5f, -4f}, DatasetReaders.read(f, l).labels());
  }

  @Test
  void gzipCompressedFilesReadLikeThePlainOnes() throws IOException {
    byte[] x = idx(0x08, 4, 2, 2).values(range(16)).bytes();
    byte[] y = idx(0x08, 4).values(1, 0, 1, 2).bytes();
    Dataset plain = DatasetReaders.read(write("x.idx", x), write("y.idx", y));

    Path xz = write("x.idx.gz", gzip(x));
    Path yz = write("y.idx.gz", gzip(y));
    assertEquals(DatasetFormat.IDX, DatasetFormat.detect(xz));
    Dataset packed = DatasetReaders.read(xz, yz);

    assertEquals(4, packed.rows());
    assertEquals(4, packed.cols());
    assertArrayEquals(plain.features(), packed.features());
    assertArrayEquals(plain.labels(), packed.labels());
    assertEquals(plain.sha256(), packed.sha256());
  }

  @Test
  void largeFilesCrossTheReadBuffer() throws IOException {
    int rows = 300;
    int cols = 28 * 28; // 235200 bytes, several 64 KiB chunks
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 251;
    }
    Dataset d =
        DatasetReaders.read(
            write("big.idx.gz", gzip(idx(0x08, rows, 28, 28).values(v).bytes())), null);

    assertEquals(rows, d.rows());
    assertEquals(cols, d.cols());
    int last = v.length - 1;
    assertEquals((last % 251) / 255.0, d.features()[last], 1e-7);
    assertEquals((70000 % 251) / 255.0, d.features()[70000], 1e-7);
  }

  @Test
  void badMagicIsRejected() throws IOException {
    Path f = write("bad.idx", new byte[] {1, 0, 8, 1, 0, 0, 0, 1, 5});

    DataFormatException e = formatError(f, null);

    assertNamesFile(e, f);
    assertTrue(e.rule().contains("magic number must start with two zero bytes"), e.rule());
    assertEquals("1,0", e.value());
  }

  @Test
  void unknownTypeCodeIsRejected() throws IOException {
    Path f = write("t.idx", idx(0x0A, 1).raw(7).bytes());
    assertEquals(DatasetFormat.IDX, DatasetFormat.detect(f));

    DataFormatException e =
        assertThrows(DataFormatException.class, () -> DatasetReaders.read(f, null));

    assertNamesFile(e, f);
    assertTrue(e.rule().startsWith("IDX type code must be 0x08"), e.rule());
    assertEquals("0x0A", e.value());
    assertTrue(e.getMessage().endsWith("got '0x0A'"), e.getMessage());
  }

  @Test
  void zeroDimensionsAreRejected() throws IOException {
    Path f = write("z.idx", idx(0x08).bytes());

    DataFormatException e = formatError(f, null);

    assertNamesFile(e, f);
    assertTrue(e.rule().contains("at least one dimension"), e.rule());
    assertEquals("0", e.value());
  }

  @Test
  void truncatedValuesAreRejected() throws IOException {
    Path f = write("short.idx", idx(0x08, 2, 2).values(1, 2, 3).bytes());

    DataFormatException e = formatError(f, null);

    assertNamesFile(e, f);
    assertTrue(e.rule().contains("ends before the values its header declares"), e.rule());
    assertNull(e.value());
  }

  @Test
  void truncatedHeaderIsRejected() throws IOException {
    byte[] full = idx(0x0D, 2, 2).bytes();
    Path f = write("header.idx", Arrays.copyOf(full, 9));

    DataFormatException e = formatError(f, null);

    assertNamesFile(e, f);
    assertTrue(e.rule().contains("truncated"), e.rule());
  }

  @Test
  void truncatedGzipIsRejected() throws IOException {
    byte[] packed = gzip(idx(0x08, 100, 10).values(range(1000)).bytes());
    Path f = write("cut.idx.gz", Arrays.copyOf(packed, packed.length / 2));

    DataFormatException e = formatError(f, null);

    assertNamesFile(e, f);
    assertTrue(e.rule().contains("ends before"), e.rule());
  }

  @Test
  void trailingBytesAreRejected() throws IOException {
    Path f = write("long.idx", idx(0x08, 2, 2).values(1, 2, 3, 4).raw(5).bytes());

    DataFormatException e = formatError(f, null);

    assertNamesFile(e, f);
    assertEquals("has bytes after the 4 values its header declares", e.rule());
  }

  @Test
  void headerDeclaringMoreValuesThanAnArrayHoldsIsRejected() throws IOException {
    // 65536^4 = 2^64 overflows a long to 0; the reader must not accept it as an empty file
    Path f = write("huge.idx", idx(0x08, 65536, 65536, 65536, 65536).bytes());

    DataFormatException e = formatError(f, null);

    assertNamesFile(e, f);
    assertTrue(e.rule().contains("more values than one array can"), e.rule());
  }

  @Test
  void labelCountMustMatchRowCount() throws IOException {
    Path f = write("features.idx", idx(0x08, 3, 2).values(range(6)).bytes());
    Path l = write("labels.idx", idx(0x08, 2).values(1, 0).bytes());

    DataFormatException e = formatError(f, l);

    assertNamesFile(e, l);
    assertEquals("must hold one label per row of features.idx (3)", e.rule());
    assertEquals("2", e.value());
  }

  @Test
  void labelsFileMustBeOneDimensional() throws IOException {
    Path f = write("features.idx", idx(0x08, 3, 2).values(range(6)).bytes());
    Path l = write("labels.idx", idx(0x08, 3, 2).values(range(6)).bytes());

    DataFormatException e = formatError(f, l);

    assertNamesFile(e, l);
    assertEquals("a labels file must be one-dimensional", e.rule());
    assertEquals("2 dimensions", e.value());
  }

  @Test
  void labelsFileErrorsNameTheLabelsFile() throws IOException {
    Path f = write("features.idx", idx(0x08, 2, 2).values(range(4)).bytes());
    Path l = write("labels.idx", idx(0x08, 2).values(1).bytes());

    DataFormatException e = formatError(f, l);

    assertNamesFile(e, l);
    assertTrue(e.rule().contains("ends before"), e.rule());
  }

  @Test
  void missingLabelsFileIsRejected() throws IOException {
    Path f = write("features.idx", idx(0x08, 2, 2).values(range(4)).bytes());
    Path l = dir.resolve("nope.idx");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DatasetReaders.read(f, l));

    assertEquals("labels", e.field());
    assertEquals("no such file", e.rule());
    assertEquals(l.toString(), e.value());
  }

  static double[] range(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }

  /**
   * Issue 13: the reader allocated up to 2^31 floats from a header alone. A plain file must hold
   * what its header declares before anything is allocated; a gzipped one's array grows with what it
   * really holds.
   */
  @Test
  void aHeaderClaimingMoreThanTheFileHoldsAllocatesNothingLarge() throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(b);
    out.writeInt(0x0D02); // float32, two dimensions
    out.writeInt(1 << 15);
    out.writeInt(1 << 15); // 2^30 floats: 4 GiB
    for (int k = 0; k < 10; k++) {
      out.writeFloat(k);
    }
    Path plain = dir.resolve("forged.idx");
    Files.write(plain, b.toByteArray());
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> IdxReader.read(plain, null));
    assertTrue(e.getMessage().contains("1073741824 values of 4 bytes, 40 bytes"), e.getMessage());
    Path gz = dir.resolve("forged.idx.gz");
    Files.write(gz, gzip(b.toByteArray()));
    e = assertThrows(DataFormatException.class, () -> IdxReader.read(gz, null));
    assertTrue(e.getMessage().contains("ends before"), e.getMessage());
  }
}
