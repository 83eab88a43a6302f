package dev.vernier.monitor.quality;

import java.util.Arrays;

/**
 * A classifier's quality from its confusion counts, {@code confusion[label][prediction]}.
 *
 * <p>Per-class precision and recall are 0 when undefined (no predictions, no support), as
 * scikit-learn's {@code zero_division=0}; macro-F1 averages F1 over the classes that occur as a
 * label or a prediction, as scikit-learn's {@code f1_score(average="macro")} does.
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
