package dev.vernier.core.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * IDX files (big-endian header: two zero bytes, a type code, the number of dimensions, one uint32
 * per dimension, then the values). The first dimension is the row; the rest are flattened into
 * features. Unsigned-byte features (images) are scaled to [0, 1] by a float32 division by 255, as
 * image pipelines do ({@code x / np.float32(255)}: bit for bit the same floats, which multiplying
 * by the rounded reciprocal is not for 126 of the 256 byte values); every other type is read as is.
 * Labels come from a one-dimensional IDX file.
 *
 * <p>A features file needs at least one row and one value a row, at most {@link
 * Dataset#maxValues()} values in all, and float and double values must be finite as float32 (as CSV
 * and libsvm cells must).
 */
final class IdxReader {
  private IdxReader() {}

  static Dataset read(Path features, Path labels) throws IOException {
    return read(features, labels, Dataset.maxValues());
  }

  /** {@link #read(Path, Path)} with the limit on values given (for tests). */
  static Dataset read(Path features, Path labels, long maxValues) throws IOException {
    Idx x = load(features, true, maxValues);
    float[] f = x.values;
    if (x.type == 0x08) {
      for (int i = 0; i < f.length; i++) {
        f[i] /= 255f;
      }
    }
    float[] y = null;
    if (labels != null) {
      DatasetReaders.requireFile("labels", labels);
      Idx l = load(labels, false, maxValues);
      if (l.dims.length != 1 && !(l.dims.length == 2 && l.dims[1] == 1)) {
        throw new DataFormatException(
            labels, 0, 0, "a labels file must be one-dimensional", l.dims.length + " dimensions");
      }
      if (l.dims[0] != x.dims[0]) {
        throw new DataFormatException(
            labels,
            0,
            0,
            "must hold one label per row of " + features.getFileName() + " (" + x.dims[0] + ")",
            l.dims[0]);
      }
      y = l.values;
    }
    int rows = x.dims[0];
    int cols = rows == 0 ? 0 : f.length / rows;
    return new Dataset(features.toString(), rows, cols, f, y);
  }

  private record Idx(int type, int[] dims, float[] values) {}

  /** The number of dimensions an IDX file's header declares (1 for a labels file). */
  static int dimensions(Path file) throws IOException {
    try (InputStream in = DatasetReaders.open(file)) {
      byte[] head = in.readNBytes(4);
      if (head.length < 4) {
        throw new DataFormatException(file, 0, 0, "is too short for an IDX header", head.length);
      }
      return head[3] & 0xFF;
    }
  }

  /**
   * @param features whether the file holds features (rows of at least one value) or labels
   */
  private static Idx load(Path file, boolean features, long maxValues) throws IOException {
    try (DatasetReaders.Opened opened = DatasetReaders.open(file);
        DataInputStream in = new DataInputStream(opened)) {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int ndim = in.readUnsignedByte();
      if (b0 != 0 || b1 != 0) {
        throw new DataFormatException(
            file,
            0,
            0,
            "is not IDX: the magic number must start with two zero bytes",
            b0 + "," + b1);
      }
      int width = width(file, type);
      if (ndim < 1) {
        throw new DataFormatException(file, 0, 0, "IDX needs at least one dimension", ndim);
      }
      int[] dims = new int[ndim];
      long total = 1;
      for (int i = 0; i < ndim; i++) {
        dims[i] = in.readInt();
        if (dims[i] < 0) {
          throw new DataFormatException(file, 0, 0, "dimension " + i + " must be >= 0", dims[i]);
        }
        total *= dims[i];
        // checked per dimension: four uint32 dimensions can overflow a long (65536^4 wraps to 0)
        if (total > Integer.MAX_VALUE - 8) {
          throw new DataFormatException(
              file, 0, 0, "holds more values than one array can (2^31)", total);
        }
      }
      if (features && dims[0] == 0) {
        throw new DataFormatException(
            file, 0, 0, "holds no rows: its first dimension (the rows) is 0", 0);
      }
      for (int i = 1; features && i < ndim; i++) {
        if (dims[i] == 0) {
          throw new DataFormatException(
              file,
              0,
              0,
              "a features file needs at least one value a row, but its dimension "
                  + i
                  + " is 0 (header "
                  + java.util.Arrays.toString(dims)
                  + ")",
              0);
        }
      }
      // never allocate what the header claims before the file shows it holds it: a plain file's
      // size must match exactly; a gzipped one's is known only as it is read, so its array grows
      long header = 4 + 4L * ndim;
      boolean gzipped = opened.gzip();
      if (!gzipped) {
        long held = opened.size() - header;
        if (held < total * width) {
          throw new DataFormatException(
              file,
              0,
              0,
              "ends before the values its header declares (truncated file?): "
                  + total
                  + " values of "
                  + width
                  + " bytes, "
                  + held
                  + " bytes after the header",
              null);
        }
        if (held > total * width) {
          throw new DataFormatException(
              file, 0, 0, "has bytes after the " + total + " values its header declares", null);
        }
        if (total > maxValues) {
          throw tooLarge(file, dims, total, maxValues);
        }
      }
      // a plain file's values were checked against its size and the limit above; a gzipped
      // file's are counted as they arrive, and its array never grows past the limit
      int rowWidth = dims[0] == 0 ? 1 : (int) (total / dims[0]);
      float[] out =
          new float[(int) (gzipped ? Math.min(total, Math.min(1 << 20, maxValues)) : total)];
      out = readValues(file, in, type, width, out, (int) total, rowWidth, dims, maxValues);
      if (in.read() != -1) {
        throw new DataFormatException(
            file, 0, 0, "has bytes after the " + total + " values its header declares", null);
      }
      return new Idx(type, dims, out);
    } catch (EOFException e) {
      throw new DataFormatException(
          file, 0, 0, "ends before the values its header declares (truncated file?)", null);
    }
  }

  private static int width(Path file, int type) {
    switch (type) {
      case 0x08:
      case 0x09:
        return 1;
      case 0x0B:
        return 2;
      case 0x0C:
      case 0x0D:
        return 4;
      case 0x0E:
        return 8;
      default:
        throw new DataFormatException(
            file,
            0,
            0,
            "IDX type code must be 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E",
            String.format("0x%02X", type));
    }
  }

  private static DataFormatException tooLarge(Path file, int[] dims, long total, long max) {
    long rows = dims[0];
    return new DataFormatException(
        file,
        0,
        0,
        "is too large to read: its header "
            + java.util.Arrays.toString(dims)
            + " declares "
            + total
            + " values; "
            + Dataset.tooLarge(rows, rows == 0 ? 0 : total / rows, max)
            + "; train on a sample of the rows",
        total);
  }

  /**
   * Reads {@code total} values into {@code out}, growing it (doubling, up to {@code maxValues}) as
   * values arrive; float and double values must be finite as float32.
   */
  private static float[] readValues(
      Path file,
      InputStream in,
      int type,
      int width,
      float[] out,
      int total,
      int rowWidth,
      int[] dims,
      long maxValues)
      throws IOException {
    byte[] chunk = new byte[(1 << 16) - (1 << 16) % 8];
    ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.BIG_ENDIAN);
    int i = 0;
    while (i < total) {
      if (i == out.length) {
        if (i >= maxValues) {
          throw tooLarge(file, dims, total, maxValues);
        }
        out =
            java.util.Arrays.copyOf(
                out, (int) Math.min(Math.min(total, maxValues), Math.max(1L, 2L * out.length)));
      }
      int want = Math.min(chunk.length / width, out.length - i) * width;
      int got = in.readNBytes(chunk, 0, want);
      if (got < want) {
        throw new EOFException();
      }
      int count = want / width;
      for (int j = 0; j < count; j++, i++) {
        switch (type) {
          case 0x08 -> out[i] = chunk[j] & 0xFF;
          case 0x09 -> out[i] = chunk[j];
          case 0x0B -> out[i] = bb.getShort(j * 2);
          case 0x0C -> out[i] = bb.getInt(j * 4);
          case 0x0D -> out[i] = finite(file, i, rowWidth, bb.getFloat(j * 4));
          case 0x0E -> out[i] = finite(file, i, rowWidth, bb.getDouble(j * 8));
          default -> throw new DataFormatException(file, 0, 0, "unknown type", type);
        }
      }
    }
    return out;
  }

  /** {@code v} as a float, refused unless finite as a float (NaN, infinite, beyond 3.4e38). */
  private static float finite(Path file, int i, int rowWidth, double v) {
    float f = (float) v;
    if (Float.isFinite(f)) {
      return f;
    }
    throw new DataFormatException(
        file,
        0,
        0,
        "values must be finite float32 numbers (at most 3.4e38 in magnitude); element "
            + i
            + " (row "
            + (i / rowWidth + 1)
            + ", value "
            + (i % rowWidth + 1)
            + " of the row, counting from 1) is not",
        v);
  }
}
