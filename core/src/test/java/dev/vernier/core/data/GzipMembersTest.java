package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gzip files are read member by member: concatenated members (what {@code cat a.gz b.gz} and
 * gzip(1) make) are all read, each checked; bytes after the last member that are not another member
 * fail the read with the file and the byte offset where they start. They used to be ignored: a file
 * with trailing garbage read as if it were whole.
 */
class GzipMembersTest {
  @TempDir Path dir;

  static byte[] gzip(String text) throws IOException {
    return gzip(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
      gz.write(content);
    }
    return b.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  static byte[] readAll(Path f) throws IOException {
    try (InputStream in = DatasetReaders.open(f)) {
      return in.readAllBytes();
    }
  }

  @Test
  void concatenatedMembersAreAllRead() throws Exception {
    Path f = write("two.csv.gz", concat(gzip("1,0.5\n0,1.5\n"), gzip("1,2.5\n")));
    Dataset d = DatasetReaders.read(f, null);
    assertEquals(3, d.rows());
    assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f}, d.features());
  }

  @Test
  void membersAcrossBufferBoundariesReadByteForByte() throws Exception {
    // incompressible parts: members start and end at arbitrary places of the 64 KiB buffers
    SplittableRandom r = new SplittableRandom(11);
    byte[][] parts = new byte[5][];
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    for (int i = 0; i < parts.length; i++) {
      parts[i] = new byte[i == 2 ? 0 : 30_000 + r.nextInt(70_000)]; // one empty member
      for (int j = 0; j < parts[i].length; j++) {
        parts[i][j] = (byte) r.nextInt(256);
      }
      plain.writeBytes(parts[i]);
      file.writeBytes(gzip(parts[i]));
    }
    assertArrayEquals(plain.toByteArray(), readAll(write("many.bin.gz", file.toByteArray())));
  }

  @Test
  void trailingGarbageIsAnErrorNamingTheFileAndTheOffset() throws Exception {
    byte[] packed = gzip("1,0.5\n0,1.5\n");
    Path f = write("train.csv.gz", concat(packed, "garbage!!".getBytes(StandardCharsets.UTF_8)));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> DatasetReaders.read(f, null));
    assertEquals(f.toString(), e.field());
    assertTrue(
        e.rule().startsWith("has bytes after its gzip data (from byte " + packed.length + ")"),
        e.rule());
    assertEquals("67 61 72 62 61 67 65 21", e.value(), "the first 8 bytes, in hex");
  }

  @Test
  void trailingGarbageAfterAGzipIdxFileIsAnError() throws Exception {
    byte[] packed = gzip(IdxReaderTest.idx(0x08, 2, 2).values(1, 2, 3, 4).bytes());
    Path f = write("x.idx.gz", concat(packed, new byte[] {0x1f}));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> DatasetReaders.read(f, null));
    assertEquals(f.toString(), e.field());
    assertTrue(e.rule().contains("from byte " + packed.length), e.rule());
    assertEquals("1f", e.value());
  }

  @Test
  void zeroPaddingAfterTheLastMemberIsAnError() throws Exception {
    byte[] packed = gzip("1,2\n");
    Path f = write("padded.csv.gz", concat(packed, new byte[512]));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> DatasetReaders.read(f, null));
    assertTrue(e.rule().contains("from byte " + packed.length), e.rule());
  }

  @Test
  void aTruncatedSecondMemberIsAnErrorNamingWhereItStarts() throws Exception {
    byte[] first = gzip("1,2\n");
    byte[] second = gzip("0,3\n0,4\n");
    Path f = write("cut.csv.gz", concat(first, Arrays.copyOf(second, second.length - 3)));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> DatasetReaders.read(f, null));
    assertEquals(
        "ends before the end of the gzip member that starts at byte "
            + first.length
            + " (truncated file?)",
        e.rule());
  }

  @Test
  void aMemberWhoseDataDoesNotMatchItsCrcIsAnError() throws Exception {
    byte[] packed = gzip("1,2\n");
    packed[packed.length - 8] ^= 1; // the CRC-32's first byte
    Path f = write("crc.csv.gz", packed);
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> DatasetReaders.read(f, null));
    assertTrue(e.rule().contains("does not match its CRC-32 and length"), e.rule());
  }

  @Test
  void corruptCompressedDataIsAnErrorNamingTheMember() throws Exception {
    byte[] first = gzip("1,2\n");
    byte[] second = gzip("0,3\n".repeat(1000));
    for (int i = 12; i < second.length - 8; i++) {
      second[i] = (byte) 0xff; // an invalid deflate block from here on
    }
    Path f = write("corrupt.csv.gz", concat(first, second));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> DatasetReaders.read(f, null));
    assertTrue(
        e.rule()
                .startsWith(
                    "holds invalid compressed data in the gzip member from byte " + first.length)
            || e.rule().contains("from byte " + first.length + " whose data does not match"),
        e.rule());
  }

  /** A member with every optional header field, as gzip(1) and other tools may write them. */
  static byte[] member(byte[] content, boolean goodHeaderCrc) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
    h.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'}); // FEXTRA: 3 bytes
    h.writeBytes("data.csv\0".getBytes(StandardCharsets.ISO_8859_1)); // FNAME
    h.writeBytes("made by hand\0".getBytes(StandardCharsets.ISO_8859_1)); // FCOMMENT
    CRC32 hc = new CRC32();
    hc.update(h.toByteArray());
    int c16 = (int) (hc.getValue() & 0xFFFF) ^ (goodHeaderCrc ? 0 : 1);
    h.writeBytes(new byte[] {(byte) c16, (byte) (c16 >> 8)}); // FHCRC
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(content);
    d.finish();
    byte[] out = new byte[content.length + 64];
    int n = d.deflate(out);
    d.end();
    h.write(out, 0, n);
    CRC32 c = new CRC32();
    c.update(content);
    long crc = c.getValue();
    long size = content.length;
    for (long v : new long[] {crc, size}) {
      for (int i = 0; i < 4; i++) {
        h.write((int) (v >> (8 * i)) & 0xFF);
      }
    }
    return h.toByteArray();
  }

  @Test
  void optionalHeaderFieldsAreSkippedAndTheHeaderCrcChecked() throws Exception {
    byte[] text = "1,7\n".getBytes(StandardCharsets.UTF_8);
    Path ok = write("fields.csv.gz", concat(gzip("0,6\n"), member(text, true)));
    assertArrayEquals(new float[] {6, 7}, DatasetReaders.read(ok, null).features());

    byte[] first = gzip("0,6\n");
    Path bad = write("hcrc.csv.gz", concat(first, member(text, false)));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> DatasetReaders.read(bad, null));
    assertEquals(
        "holds a gzip member from byte "
            + first.length
            + " whose header fails its CRC (corrupt"
            + " file?)",
        e.rule());
  }
}
