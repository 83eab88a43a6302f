package dev.vernier.core.data;

import static dev.vernier.core.data.IdxReaderTest.assertNamesFile;
import static dev.vernier.core.data.IdxReaderTest.formatError;
import static dev.vernier.core.data.IdxReaderTest.gzip;
import static dev.vernier.core.data.IdxReaderTest.idx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IDX files whose header or values a reader must not take at their word. */
class IdxReaderLimitsTest {
  @TempDir Path dir;

  Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  /**
   * The tester's 12-byte file: 2147483639 rows of 0 values is 0 values, so it was accepted, and
   * splitting it allocated an int per row (OutOfMemoryError). A features file needs a value a row.
   */
  @Test
  void zeroColumnsAreRefused() throws IOException {
    Path f = write("empty-rows.idx", idx(0x08, 2147483639, 0).bytes());

    DataFormatException e = formatError(f, null);

    assertNamesFile(e, f);
    assertTrue(e.rule().contains("at least one value a row"), e.rule());
    assertTrue(e.rule().contains("dimension 1 is 0"), e.rule());
  }

  @Test
  void zeroInALaterDimensionIsRefused() throws IOException {
    Path f = write("images.idx", idx(0x08, 5, 28, 0).bytes());

    DataFormatException e = formatError(f, null);

    assertTrue(e.rule().contains("dimension 2 is 0"), e.rule());
  }

  @Test
  void zeroRowsAreRefused() throws IOException {
    Path f = write("none.idx", idx(0x08, 0, 4).bytes());

    DataFormatException e = formatError(f, null);

    assertNamesFile(e, f);
    assertTrue(e.rule().startsWith("holds no rows"), e.rule());
  }

  /** CSV and libsvm refuse NaN and infinities; IDX float and double data did not. */
  @ParameterizedTest
  @CsvSource({"13, NaN", "13, Infinity", "13, -Infinity", "14, NaN", "14, -Infinity", "14, 1e300"})
  void nonFiniteValuesAreRefusedNamingTheElement(int type, double bad) throws IOException {
    Path f = write("x.idx", idx(type, 2, 2).values(1, 2, 3, bad).bytes());

    DataFormatException e = formatError(f, null);

    assertNamesFile(e, f);
    assertTrue(e.rule().contains("finite float32"), e.rule());
    assertTrue(e.rule().contains("element 3 (row 2, value 2 of the row"), e.rule());
    assertEquals(String.valueOf(bad), e.value());
  }

  @Test
  void nonFiniteLabelsAreRefused() throws IOException {
    Path f = write("x.idx", idx(0x0D, 2, 1).values(1, 2).bytes());
    Path l = write("y.idx", idx(0x0D, 2).values(Double.NaN, 1).bytes());

    DataFormatException e = formatError(f, l);

    assertNamesFile(e, l);
    assertTrue(e.rule().contains("element 0 (row 1"), e.rule());
  }

  @Test
  void finiteDoublesWithinFloatRangeAreRead() throws IOException {
    Path f = write("x.idx", idx(0x0E, 1, 2).values(-3e38, 1e-300).bytes());

    Dataset d = DatasetReaders.read(f, null, DatasetFormat.IDX);

    assertEquals(-3e38f, d.feature(0, 0));
    assertEquals(0f, d.feature(0, 1));
  }

  @Test
  void plainFileBeyondTheValueLimitIsRefusedBeforeReading() throws IOException {
    Path f = write("x.idx", idx(0x08, 3, 2).values(1, 2, 3, 4, 5, 6).bytes());

    assertEquals(2, IdxReader.read(f, null, 6).cols());
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> IdxReader.read(f, null, 5));

    assertNamesFile(e, f);
    assertTrue(e.rule().contains("a 3 x 2 table"), e.rule());
    assertTrue(e.rule().contains("at most 5 values"), e.rule());
  }

  /** A gzip's size says nothing of its content: its array grows only up to the limit. */
  @Test
  void gzipFileBeyondTheValueLimitIsRefusedAsItGrows() throws IOException {
    Path f = write("x.idx.gz", gzip(idx(0x08, 3, 2).values(1, 2, 3, 4, 5, 6).bytes()));

    assertEquals(3, IdxReader.read(f, null, 6).rows());
    for (long limit : new long[] {1, 5}) {
      DataFormatException e =
          assertThrows(DataFormatException.class, () -> IdxReader.read(f, null, limit));

      assertNamesFile(e, f);
      assertTrue(e.rule().contains("at most " + limit + " values"), e.rule());
    }
  }
}
