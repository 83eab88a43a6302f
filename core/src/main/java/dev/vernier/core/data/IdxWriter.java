package dev.vernier.core.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes IDX files that {@link IdxReader} reads back: features as float32 ({@code 0x0D}, dims rows
 * x cols, uncompressed) and labels as float32 vectors. Values keep their scale (float features are
 * not divided by 255 on reading).
 */
public final class IdxWriter {
  private IdxWriter() {}

  /** Writes {@code features} (rows x cols, row-major) to {@code file}. */
  public static void writeFeatures(Path file, int rows, int cols, float[] features) {
    if (features.length != (long) rows * cols) {
      throw new IllegalArgumentException(
          "features has " + features.length + " values, expected " + rows + " x " + cols);
    }
    write(file, new int[] {rows, cols}, features);
  }

  /** Writes {@code labels} as a float32 vector to {@code file}. */
  public static void writeLabels(Path file, float[] labels) {
    write(file, new int[] {labels.length}, labels);
  }

  private static void write(Path file, int[] dims, float[] values) {
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
      out.writeShort(0);
      out.writeByte(0x0D);
      out.writeByte(dims.length);
      for (int d : dims) {
        out.writeInt(d);
      }
      ByteBuffer b = ByteBuffer.allocate(1 << 16);
      for (int i = 0; i < values.length; ) {
        b.clear();
        while (b.remaining() >= 4 && i < values.length) {
          b.putFloat(values[i++]);
        }
        out.write(b.array(), 0, b.position());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
