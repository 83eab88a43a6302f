package dev.vernier.monitor.quality;

import dev.vernier.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The compact binary form of accumulator state: a 4-byte magic and a version byte, then unsigned
 * LEB128 varints (counts are mostly small, often zero) and little-endian doubles.
 */
final class StateBytes {
  private StateBytes() {}

  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final byte[] eight = new byte[8];

    Writer(int magic, int version) {
      fixed(magic, 4);
      out.write(version);
    }

    Writer varlong(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("negative count " + v);
      }
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
      return this;
    }

    Writer dbl(double v) {
      fixed(Double.doubleToRawLongBits(v), 8);
      return this;
    }

    private void fixed(long v, int bytes) {
      for (int i = 0; i < bytes; i++) {
        eight[i] = (byte) (v >>> (8 * i));
      }
      out.write(eight, 0, bytes);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  static final class Reader {
    private final ByteBuffer in;
    private final String what;

    /** Checks the magic and the version; {@code what} names the state in errors. */
    Reader(byte[] bytes, int magic, int version, String what) {
      this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      this.what = what;
      if (bytes.length < 5 || in.getInt() != magic) {
        throw new InvalidInputException(
            what, "is not a serialised " + what, bytes.length + " bytes");
      }
      int v = in.get();
      if (v != version) {
        throw new InvalidInputException(what, "must have format version " + version, v);
      }
    }

    long varlong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = next(1).get();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new InvalidInputException(what, "holds a malformed count", null);
    }

    int count(int max) {
      long v = varlong();
      if (v > max) {
        throw new InvalidInputException(what, "holds a count above " + max, v);
      }
      return (int) v;
    }

    double dbl() {
      return next(8).getDouble();
    }

    private ByteBuffer next(int n) {
      if (in.remaining() < n) {
        throw new InvalidInputException(what, "is truncated", in.capacity() + " bytes");
      }
      return in;
    }

    void end() {
      if (in.hasRemaining()) {
        throw new InvalidInputException(
            what, "has trailing bytes", in.remaining() + " of " + in.capacity());
      }
    }
  }
}
