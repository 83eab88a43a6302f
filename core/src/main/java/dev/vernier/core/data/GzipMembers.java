package dev.vernier.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.Inflater;

/**
 * A gzip file's data, decompressed: every member in turn, as gzip(1) reads a file of concatenated
 * members ({@code cat a.gz b.gz > ab.gz}), each checked against its own CRC-32 and length. What
 * follows a member must be another member or nothing: any other bytes after the end (trailing
 * garbage, zero padding, half of a second file) fail the read with the file and the byte offset
 * where they start, where {@link java.util.zip.GZIPInputStream} ignores them silently (and, on a
 * pipe that has nothing buffered, also ignores a second member).
 *
 * <p>Errors are {@link DataFormatException}s naming the file, the rule and the byte offset in the
 * compressed file (0-based), e.g. {@code train.csv.gz: has bytes after its gzip data (from byte
 * 1210) that are not another gzip member, got '67 61 72 62'}; the value shows a few of the bytes,
 * in hex. Not thread-safe; the caller closes it, which closes the underlying stream.
 */
final class GzipMembers extends InputStream {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final java.nio.file.Path file;
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final CRC32 headerCrc = new CRC32();
  private final byte[] one = new byte[1];
  private boolean inHeader;
  private int pos;
  private int len;
  private long bufStart; // the file offset of buf[0]
  private long memberStart;
  private long memberSize;
  private boolean inMember;
  private boolean done;
  private boolean closed;

  /**
   * @param in the file's bytes from its first byte, which must be gzip's magic (the caller looked)
   */
  GzipMembers(java.nio.file.Path file, InputStream in) throws IOException {
    this.file = file;
    this.in = in;
    if (!member()) {
      throw bad("is empty where a gzip member should start", null);
    }
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int n) throws IOException {
    java.util.Objects.checkFromIndexSize(off, n, b.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (n == 0) {
      return 0;
    }
    while (!done) {
      if (!inMember) {
        if (!member()) {
          done = true;
          break;
        }
        continue;
      }
      if (inflater.finished()) {
        // the bytes the inflater was given past the member's end are the trailer and what follows
        pos = len - inflater.getRemaining();
        trailer();
        inMember = false;
        continue;
      }
      if (inflater.needsDictionary()) {
        throw bad(
            "holds a gzip member from byte " + memberStart + " that asks for a preset dictionary",
            null);
      }
      if (inflater.needsInput()) {
        if (pos == len && !fill()) {
          throw bad(truncated(), null);
        }
        inflater.setInput(buf, pos, len - pos);
        pos = len;
      }
      int got;
      try {
        got = inflater.inflate(b, off, n);
      } catch (java.util.zip.DataFormatException e) {
        throw bad(
            "holds invalid compressed data in the gzip member from byte "
                + memberStart
                + " (corrupt file?): "
                + e.getMessage(),
            null);
      }
      if (got > 0) {
        crc.update(b, off, got);
        memberSize += got;
        return got;
      }
    }
    return -1;
  }

  /**
   * Reads the next member's header, or finds the end of the file.
   *
   * @return false at the end of the file (no byte after the previous member)
   */
  private boolean member() throws IOException {
    long at = offset();
    int id1 = next();
    if (id1 < 0) {
      return false;
    }
    int id2 = next();
    if (id1 != 0x1f || id2 != 0x8b) {
      throw bad(
          "has bytes after its gzip data (from byte "
              + at
              + ") that are not another gzip member (trailing garbage: remove them, or recompress"
              + " the file)",
          peek(id1, id2));
    }
    memberStart = at;
    headerCrc.reset();
    headerCrc.update(id1);
    headerCrc.update(id2);
    inHeader = true;
    int method = header();
    if (method != 8) {
      throw bad(
          "holds a gzip member from byte "
              + at
              + " with compression method "
              + method
              + ", not 8"
              + " (deflate)",
          null);
    }
    int flags = header();
    if ((flags & 0xE0) != 0) {
      throw bad(
          "holds a gzip member from byte " + at + " with reserved flag bits set (corrupt file?)",
          String.format("0x%02x", flags));
    }
    for (int i = 0; i < 6; i++) {
      header(); // mtime, extra flags, operating system
    }
    if ((flags & FEXTRA) != 0) {
      int xlen = header() | header() << 8;
      for (int i = 0; i < xlen; i++) {
        header();
      }
    }
    if ((flags & FNAME) != 0) {
      while (header() != 0) {
        // the original file name
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (header() != 0) {
        // a comment
      }
    }
    if ((flags & FHCRC) != 0) {
      int want = (int) (headerCrc.getValue() & 0xFFFF);
      inHeader = false;
      int got = header() | header() << 8;
      if (got != want) {
        throw bad(
            "holds a gzip member from byte " + at + " whose header fails its CRC (corrupt file?)",
            null);
      }
    }
    inHeader = false;
    inflater.reset();
    crc.reset();
    memberSize = 0;
    inMember = true;
    return true;
  }

  /** A header byte: the member ends inside its header when there is none. */
  private int header() throws IOException {
    int b = next();
    if (b < 0) {
      throw bad(truncated(), null);
    }
    if (inHeader) {
      headerCrc.update(b);
    }
    return b;
  }

  /** The 8 bytes after a member's data: its CRC-32 and its length mod 2^32, little-endian. */
  private void trailer() throws IOException {
    long wantCrc = 0;
    long wantSize = 0;
    for (int i = 0; i < 4; i++) {
      wantCrc |= (long) trailerByte() << (8 * i);
    }
    for (int i = 0; i < 4; i++) {
      wantSize |= (long) trailerByte() << (8 * i);
    }
    if (wantCrc != crc.getValue() || wantSize != (memberSize & 0xFFFFFFFFL)) {
      throw bad(
          "holds a gzip member from byte "
              + memberStart
              + " whose data does not match its CRC-32 and length (corrupt file?)",
          null);
    }
  }

  private int trailerByte() throws IOException {
    int b = next();
    if (b < 0) {
      throw bad(truncated(), null);
    }
    return b;
  }

  private String truncated() {
    return "ends before the end of the gzip member that starts at byte "
        + memberStart
        + " (truncated file?)";
  }

  /** The next compressed byte, or -1 at the end of the file. */
  private int next() throws IOException {
    if (pos == len && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xFF;
  }

  /** Refills the buffer once it is used up; false at the end of the file. */
  private boolean fill() throws IOException {
    bufStart += len;
    pos = 0;
    len = 0;
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    len = n;
    return true;
  }

  /** The file offset of the next compressed byte not yet taken. */
  private long offset() {
    return bufStart + pos;
  }

  /** Up to 8 bytes, of which {@code b0} and {@code b1} (-1: none) were read already, in hex. */
  private String peek(int b0, int b1) throws IOException {
    StringBuilder hex = new StringBuilder(HexFormat.of().toHexDigits((byte) b0));
    if (b1 >= 0) {
      hex.append(' ').append(HexFormat.of().toHexDigits((byte) b1));
    }
    for (int i = 2; i < 8; i++) {
      int b = next();
      if (b < 0) {
        break;
      }
      hex.append(' ').append(HexFormat.of().toHexDigits((byte) b));
    }
    return hex.toString();
  }

  private DataFormatException bad(String rule, Object value) {
    return new DataFormatException(file, 0, 0, rule, value);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      inflater.end();
      in.close();
    }
  }
}
