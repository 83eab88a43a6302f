package dev.vernier.bench.decisions;

import dev.vernier.core.InvalidInputException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The Fashion-MNIST files the decision benchmark's jobs read, written as gzipped IDX files into a
 * data root: {@code train-*} (the jobs' training channel), {@code valid-*} (their validation
 * channel) and {@code parent-*} (the training channel of the {@code transfer} parent: related but
 * different data). With {@code quick}, the training set is the first 10,000 rows and validation the
 * first 5,000 test rows; otherwise all 60,000 and 10,000. The transfer parent's data comes from the
 * training rows the job does not train on when there are any (quick: rows 10,000 to 59,999), else
 * from all of them, with a different class mix: every row of classes 5 to 9 and one row in four of
 * classes 0 to 4, at most as many rows as the job's own training set.
 */
final class DecisionData {
  static final int QUICK_TRAIN = 10_000;
  static final int QUICK_VALID = 5_000;

  private DecisionData() {}

  /** An IDX file held in memory: its dimensions and bytes (unsigned bytes only). */
  record Idx(int[] dims, byte[] data) {
    int rows() {
      return dims[0];
    }

    int rowBytes() {
      int n = 1;
      for (int i = 1; i < dims.length; i++) {
        n *= dims[i];
      }
      return n;
    }
  }

  /** Writes the three channels' files into {@code root}; returns the training rows. */
  static int write(Path source, Path root, boolean quick) throws IOException {
    Idx images = read(source.resolve("train-images-idx3-ubyte.gz"));
    Idx labels = read(source.resolve("train-labels-idx1-ubyte.gz"));
    Idx testImages = read(source.resolve("t10k-images-idx3-ubyte.gz"));
    Idx testLabels = read(source.resolve("t10k-labels-idx1-ubyte.gz"));
    int train = quick ? Math.min(QUICK_TRAIN, images.rows()) : images.rows();
    int valid = quick ? Math.min(QUICK_VALID, testImages.rows()) : testImages.rows();
    int[] trainRows = range(0, train);
    write(root.resolve("train-images.gz"), images, trainRows);
    write(root.resolve("train-labels.gz"), labels, trainRows);
    int[] validRows = range(0, valid);
    write(root.resolve("valid-images.gz"), testImages, validRows);
    write(root.resolve("valid-labels.gz"), testLabels, validRows);
    int from = train < images.rows() ? train : 0;
    int[] pick = new int[images.rows()];
    int n = 0;
    int low = 0;
    for (int r = from; r < images.rows() && n < train; r++) {
      int label = labels.data()[r] & 0xff;
      if (label >= 5 || low++ % 4 == 0) {
        pick[n++] = r;
      }
    }
    int[] parentRows = java.util.Arrays.copyOf(pick, n);
    write(root.resolve("parent-images.gz"), images, parentRows);
    write(root.resolve("parent-labels.gz"), labels, parentRows);
    return train;
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  static Idx read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "--data",
          "must hold Fashion-MNIST's IDX files (apt-get install dataset-fashion-mnist)",
          file.toString());
    }
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
      int magic = in.readInt();
      if ((magic >>> 8) != 0x08) {
        throw new InvalidInputException("--data", "IDX files of unsigned bytes", file.toString());
      }
      int[] dims = new int[magic & 0xff];
      long size = 1;
      for (int i = 0; i < dims.length; i++) {
        dims[i] = in.readInt();
        size *= dims[i];
      }
      byte[] data = new byte[Math.toIntExact(size)];
      in.readFully(data);
      return new Idx(dims, data);
    }
  }

  static void write(Path file, Idx idx, int[] rows) throws IOException {
    int rb = idx.rowBytes();
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw, 1 << 16))) {
      out.writeInt(0x0800 | idx.dims().length);
      out.writeInt(rows.length);
      for (int i = 1; i < idx.dims().length; i++) {
        out.writeInt(idx.dims()[i]);
      }
      for (int r : rows) {
        out.write(idx.data(), r * rb, rb);
      }
    }
  }
}
