package dev.vernier.core.data;

import dev.vernier.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A table of dense float32 features in row-major order, with optional labels.
 *
 * <p>Labels are stored as floats: class indices for classifiers (exact up to 2^24), targets for
 * regressors. {@link #classLabels(int, String)} checks that they are class indices.
 *
 * <p>Instances are immutable by contract: the arrays are owned by the dataset and callers must not
 * write into what {@link #features()} and {@link #labels()} return. The content hash covers the
 * shape, the features and the labels, so two datasets with the same numbers have the same hash
 * whatever file they came from; it identifies the training data in a model's provenance.
 */
public final class Dataset {
  /**
   * The most classes {@link #inferClassCount()} infers: the upper end of the algorithms' {@code
   * num_classes} range. A label above it is almost surely not a class index (an id, a target
   * value), and a softmax layer that wide would take gigabytes.
   */
  public static final int MAX_CLASSES = 100_000;

  /**
   * The most feature values a reader densifies into one table, 2^28 floats (1 GiB): ample for real
   * data (MNIST's training set is 47 million values), and a bound on what a file's header or one
   * large libsvm index can make a reader allocate. {@link #maxValues()} lowers it to half the heap
   * on a smaller JVM.
   */
  static final long MAX_VALUES = 1L << 28;

  private final String name;
  private final int rows;
  private final int cols;
  private final float[] features;
  private final float[] labels;
  private volatile String sha256;

  /**
   * @param name where the data came from, for messages and provenance
   * @param features row-major, {@code rows * cols} values
   * @param labels one per row, or null for an unlabelled dataset
   */
  public Dataset(String name, int rows, int cols, float[] features, float[] labels) {
    this.name = Objects.requireNonNull(name, "name");
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
    }
    if ((long) rows * cols != features.length) {
      throw new IllegalArgumentException(
          "features hold " + features.length + " values, shape " + rows + "x" + cols);
    }
    if (labels != null && labels.length != rows) {
      throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
    }
    this.rows = rows;
    this.cols = cols;
    this.features = features;
    this.labels = labels;
  }

  public String name() {
    return name;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Row-major features; read-only by contract. */
  public float[] features() {
    return features;
  }

  public boolean hasLabels() {
    return labels != null;
  }

  /** Labels, one per row; read-only by contract. */
  public float[] labels() {
    if (labels == null) {
      throw new InvalidInputException(
          name, "has no labels; give a labels file or a labelled format", null);
    }
    return labels;
  }

  public float feature(int row, int col) {
    return features[row * cols + col];
  }

  /**
   * Labels as class indices in {@code [0, numClasses)}; {@code numClasses <= 0} only checks that
   * they are non-negative integers.
   *
   * @param field the name used in the error, e.g. {@code num_classes}
   */
  public int[] classLabels(int numClasses, String field) {
    float[] l = labels();
    int[] out = new int[rows];
    for (int i = 0; i < rows; i++) {
      float v = l[i];
      if (v != Math.rint(v) || v < 0 || v > 1 << 24) {
        throw new InvalidInputException(
            name + " row " + (i + 1) + " label",
            "a classifier needs labels that are non-negative integers",
            v);
      }
      if (numClasses > 0 && v >= numClasses) {
        throw new InvalidInputException(
            name + " row " + (i + 1) + " label",
            "must be below " + field + "=" + numClasses,
            (int) v);
      }
      out[i] = (int) v;
    }
    return out;
  }

  /**
   * The number of classes the labels imply: the largest label plus one, at most {@link
   * #MAX_CLASSES}.
   */
  public int inferClassCount() {
    int[] c = classLabels(0, "labels");
    int max = -1;
    for (int i = 0; i < c.length; i++) {
      if (c[i] >= MAX_CLASSES) {
        throw new InvalidInputException(
            name + " row " + (i + 1) + " label",
            "labels are class indices 0..k-1 and at most "
                + MAX_CLASSES
                + " classes can be inferred (labels up to "
                + (MAX_CLASSES - 1)
                + "); renumber the classes from 0, or train a regressor if the label is a value",
            c[i]);
      }
      max = Math.max(max, c[i]);
    }
    return max + 1;
  }

  /**
   * The most feature values a reader may allocate for one table: {@link #MAX_VALUES}, or half of
   * this JVM's maximum heap when that is smaller (training copies the table at least once, to split
   * it).
   */
  static long maxValues() {
    return Math.min(MAX_VALUES, Runtime.getRuntime().maxMemory() / 2 / Float.BYTES);
  }

  /**
   * The rule a reader reports when {@code rows x cols} exceeds {@code limit} values: what it would
   * take and the limit.
   */
  static String tooLarge(long rows, long cols, long limit) {
    return "a "
        + rows
        + " x "
        + cols
        + " table of float32 features would need "
        + mib(rows * cols)
        + "; at most "
        + limit
        + " values ("
        + mib(limit)
        + ") are read into memory";
  }

  private static String mib(long values) {
    // 4 bytes a value, 2^20 bytes a MiB; rounded up, and no overflow for up to 2^62 values
    return ((values + (1 << 18) - 1) >> 18) + " MiB";
  }

  /** A new dataset with the given rows, in the given order. */
  public Dataset select(int[] rowIndices, String newName) {
    float[] f = new float[rowIndices.length * cols];
    float[] l = labels == null ? null : new float[rowIndices.length];
    for (int i = 0; i < rowIndices.length; i++) {
      int r = rowIndices[i];
      System.arraycopy(features, r * cols, f, i * cols, cols);
      if (l != null) {
        l[i] = labels[r];
      }
    }
    return new Dataset(newName, rowIndices.length, cols, f, l);
  }

  /**
   * The same rows with the labels moved back in front of the features and no labels: for a CSV read
   * with the label-first convention that in fact held features only (prediction input).
   */
  public Dataset labelsAsFirstFeature() {
    float[] l = labels();
    int c = cols + 1;
    float[] f = new float[rows * c];
    for (int i = 0; i < rows; i++) {
      f[i * c] = l[i];
      System.arraycopy(features, i * cols, f, i * c + 1, cols);
    }
    return new Dataset(name, rows, c, f, null);
  }

  /** SHA-256 of shape, features and labels (little-endian float32), as 64 hex digits. */
  public String sha256() {
    String h = sha256;
    if (h == null) {
      h = computeHash();
      sha256 = h;
    }
    return h;
  }

  private String computeHash() {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(rows).putLong(cols).put((byte) (labels == null ? 0 : 1));
    digest(md, buf, features);
    if (labels != null) {
      digest(md, buf, labels);
    }
    buf.flip();
    md.update(buf);
    return HexFormat.of().formatHex(md.digest());
  }

  private static void digest(MessageDigest md, ByteBuffer buf, float[] values) {
    for (float v : values) {
      if (buf.remaining() < Float.BYTES) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
      buf.putFloat(v);
    }
  }

  @Override
  public String toString() {
    return name + " (" + rows + "x" + cols + (labels == null ? ", unlabelled)" : ", labelled)");
  }
}
