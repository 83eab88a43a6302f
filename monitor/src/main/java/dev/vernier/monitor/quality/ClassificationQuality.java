package dev.vernier.monitor.quality;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A classifier's quality from its confusion counts, {@code confusion[label][prediction]}.
 *
 * <p>Per-class precision and recall are 0 when undefined (no predictions, no support), as
 * scikit-learn's {@code zero_division=0}; macro-F1 averages F1 over the classes that occur as a
 * label or a prediction, as scikit-learn's {@code f1_score(average="macro")} does. The figures over
 * a subset of classes ({@link #accuracy(int[])}, {@link #macroF1(int[])}) count only the pairs
 * labelled one of them, as {@code f1_score(labels=..., average="macro")} on those pairs; {@link
 * MatchedClasses} uses them to compare a window with the baseline on the same classes.
 */
public record ClassificationQuality(long skipped, long[][] confusion)
    implements ModelQualityResult {
  public ClassificationQuality {
    confusion = copy(confusion);
    for (long[] row : confusion) {
      if (row.length != confusion.length) {
        throw new IllegalArgumentException("the confusion matrix must be square");
      }
    }
  }

  public int classes() {
    return confusion.length;
  }

  @Override
  public long[][] confusion() {
    return copy(confusion);
  }

  /** Pairs whose label was {@code label} and prediction {@code prediction}. */
  public long count(int label, int prediction) {
    return confusion[label][prediction];
  }

  @Override
  public long count() {
    long n = 0;
    for (long[] row : confusion) {
      for (long v : row) {
        n += v;
      }
    }
    return n;
  }

  /** Share of correct predictions; NaN without pairs. */
  public double accuracy() {
    long n = count();
    long correct = 0;
    for (int k = 0; k < classes(); k++) {
      correct += confusion[k][k];
    }
    return n == 0 ? Double.NaN : (double) correct / n;
  }

  public double precision(int k) {
    long predicted = predicted(k);
    return predicted == 0 ? 0.0 : (double) confusion[k][k] / predicted;
  }

  public double recall(int k) {
    long support = support(k);
    return support == 0 ? 0.0 : (double) confusion[k][k] / support;
  }

  public double f1(int k) {
    double p = precision(k);
    double r = recall(k);
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }

  /** Mean F1 over the classes seen as a label or a prediction; NaN without pairs. */
  public double macroF1() {
    double sum = 0;
    int seen = 0;
    for (int k = 0; k < classes(); k++) {
      if (support(k) > 0 || predicted(k) > 0) {
        sum += f1(k);
        seen++;
      }
    }
    return seen == 0 ? Double.NaN : sum / seen;
  }

  /** The classes with at least one label, ascending. */
  public int[] present() {
    return IntStream.range(0, classes()).filter(k -> support(k) > 0).toArray();
  }

  /**
   * Share of correct predictions among the pairs labelled one of {@code classes}; NaN without such
   * pairs.
   */
  public double accuracy(int[] classes) {
    return accuracy(rows(confusion, classes), classes);
  }

  /**
   * Mean F1 over {@code classes}, counting only the pairs labelled one of them (a prediction of one
   * of them for a pair labelled otherwise is not a false positive here); NaN for no classes.
   */
  public double macroF1(int[] classes) {
    return macroF1(rows(confusion, classes), classes);
  }

  /** Accuracy of {@code m}'s rows {@code classes} (the others may be null). */
  static double accuracy(double[][] m, int[] classes) {
    double n = 0;
    double correct = 0;
    for (int k : classes) {
      for (double v : m[k]) {
        n += v;
      }
      correct += m[k][k];
    }
    return n == 0 ? Double.NaN : correct / n;
  }

  /**
   * Mean F1 over {@code classes} of {@code m}'s rows {@code classes} (the others may be null): per
   * class 2 TP / (row + column), which is 2PR / (P + R), and 0 when the class has neither.
   */
  static double macroF1(double[][] m, int[] classes) {
    if (classes.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int k : classes) {
      double row = 0;
      for (double v : m[k]) {
        row += v;
      }
      double column = 0;
      for (int i : classes) {
        column += m[i][k];
      }
      sum += row + column == 0 ? 0.0 : 2 * m[k][k] / (row + column);
    }
    return sum / classes.length;
  }

  /**
   * {@code m}'s rows {@code classes} as doubles; the other rows null (the figures never read them).
   */
  static double[][] rows(long[][] m, int[] classes) {
    double[][] d = new double[m.length][];
    for (int k : classes) {
      d[k] = new double[m.length];
      for (int j = 0; j < m.length; j++) {
        d[k][j] = m[k][j];
      }
    }
    return d;
  }

  /** Pairs labelled {@code k}. */
  public long support(int k) {
    long n = 0;
    for (long v : confusion[k]) {
      n += v;
    }
    return n;
  }

  /** Pairs predicted {@code k}. */
  public long predicted(int k) {
    long n = 0;
    for (long[] row : confusion) {
      n += row[k];
    }
    return n;
  }

  private static long[][] copy(long[][] m) {
    long[][] c = new long[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassificationQuality q
        && skipped == q.skipped
        && Arrays.deepEquals(confusion, q.confusion);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(skipped) + Arrays.deepHashCode(confusion);
  }

  @Override
  public String toString() {
    return String.format(
        "ClassificationQuality[count=%d, skipped=%d, accuracy=%.4f, macroF1=%.4f]",
        count(), skipped, accuracy(), macroF1());
  }
}
