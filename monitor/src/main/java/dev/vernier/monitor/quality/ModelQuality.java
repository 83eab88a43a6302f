package dev.vernier.monitor.quality;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.baseline.PredictionSchema;
import dev.vernier.monitor.baseline.PredictionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Accumulates (prediction, label) pairs into a classifier's confusion counts or a regressor's error
 * sums. A pair with a NaN prediction or label is skipped (and counted as such); a classifier's
 * prediction and label must otherwise be class indices. Not thread-safe: one per partition,
 * combined with {@link #merge}; state persists with {@link #toBytes} / {@link #fromBytes}.
 *
 * <p>Merging is exact for a classifier (counts). For a regressor the sums are added and the label
 * variance combined with Chan et al.'s pairwise formula, so a merged result equals a single pass up
 * to floating-point rounding (relative 1e-12 or so).
 */
public final class ModelQuality {
  private static final int MAGIC = 0x31514d56; // "VMQ1"
  private static final int VERSION = 1;

  /** The most classes a confusion matrix is kept for (a million counts). */
  public static final int MAX_CLASSES = 1024;

  private final int classes;
  private final long[] confusion;
  private long skipped;
  private long n;
  private double sumErr;
  private double sumSq;
  private double sumAbs;
  private double labelMean;
  private double labelM2;

  private ModelQuality(int classes) {
    this.classes = classes;
    this.confusion = classes == 0 ? null : new long[classes * classes];
  }

  public static ModelQuality classification(int classes) {
    if (classes < 2 || classes > MAX_CLASSES) {
      throw new InvalidInputException("classes", "must be between 2 and " + MAX_CLASSES, classes);
    }
    return new ModelQuality(classes);
  }

  public static ModelQuality regression() {
    return new ModelQuality(0);
  }

  /** A classifier's or a regressor's accumulator, as the prediction column says. */
  public static ModelQuality of(PredictionSchema p) {
    return p.type() == PredictionType.CLASS ? classification(p.classCount()) : regression();
  }

  public boolean isClassification() {
    return classes > 0;
  }

  public void accept(double prediction, double label) {
    if (Double.isNaN(prediction) || Double.isNaN(label)) {
      skipped++;
      return;
    }
    if (classes > 0) {
      confusion[classIndex("label", label) * classes + classIndex("prediction", prediction)]++;
      return;
    }
    if (Double.isInfinite(prediction) || Double.isInfinite(label)) {
      boolean bad = Double.isInfinite(label);
      throw new InvalidInputException(
          bad ? "label" : "prediction", "must be finite or NaN", bad ? label : prediction);
    }
    double e = prediction - label;
    n++;
    sumErr += e;
    sumSq += e * e;
    sumAbs += Math.abs(e);
    double d = label - labelMean;
    labelMean += d / n;
    labelM2 += d * (label - labelMean);
  }

  /** {@link #accept} for each row: a baseline's predictions against its dataset's labels. */
  public void acceptAll(double[] predictions, float[] labels) {
    if (predictions.length != labels.length) {
      throw new InvalidInputException(
          "predictions", "must hold one per label (" + labels.length + ")", predictions.length);
    }
    for (int i = 0; i < labels.length; i++) {
      accept(predictions[i], labels[i]);
    }
  }

  private int classIndex(String field, double v) {
    int k = (int) v;
    if (k != v || k < 0 || k >= classes) {
      throw new InvalidInputException(
          field, "must be a class index between 0 and " + (classes - 1), v);
    }
    return k;
  }

  /** Adds another partition's pairs; both must be of the same kind and class count. */
  public void merge(ModelQuality o) {
    if (o.classes != classes) {
      throw new IllegalArgumentException(
          "cannot merge model quality of " + o.classes + " classes into " + classes);
    }
    skipped += o.skipped;
    if (classes > 0) {
      for (int i = 0; i < confusion.length; i++) {
        confusion[i] += o.confusion[i];
      }
      return;
    }
    if (o.n == 0) {
      return;
    }
    long total = n + o.n;
    double delta = o.labelMean - labelMean;
    labelM2 += o.labelM2 + delta * delta * ((double) n * o.n / total);
    labelMean += delta * o.n / total;
    n = total;
    sumErr += o.sumErr;
    sumSq += o.sumSq;
    sumAbs += o.sumAbs;
  }

  public ModelQualityResult result() {
    if (classes > 0) {
      long[][] m = new long[classes][classes];
      for (int i = 0; i < classes; i++) {
        System.arraycopy(confusion, i * classes, m[i], 0, classes);
      }
      return new ClassificationQuality(skipped, m);
    }
    if (n == 0) {
      return new RegressionQuality(0, skipped, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double r2 = labelM2 > 0 ? 1 - sumSq / labelM2 : Double.NaN;
    return new RegressionQuality(n, skipped, Math.sqrt(sumSq / n), sumAbs / n, r2, sumErr / n);
  }

  /**
   * The ways {@code window} is worse than {@code baseline} beyond the tolerance; empty when the
   * window has fewer than {@link ModelTolerance#minCount()} pairs or a metric is undefined. A
   * classifier is compared over the classes present in the window ({@link MatchedClasses}).
   */
  public static List<ModelViolation> compare(
      ModelQualityResult baseline, ModelQualityResult window, ModelTolerance tolerance) {
    Objects.requireNonNull(tolerance, "tolerance");
    if (baseline instanceof ClassificationQuality b && window instanceof ClassificationQuality w) {
      return compare(MatchedClasses.of(b, w), tolerance);
    }
    List<ModelViolation> out = new ArrayList<>();
    if (baseline instanceof RegressionQuality b && window instanceof RegressionQuality w) {
      if (w.count() >= tolerance.minCount()) {
        rise(out, ModelMetric.RMSE, b.rmse(), w.rmse(), tolerance.rmseRise());
        rise(out, ModelMetric.MAE, b.mae(), w.mae(), tolerance.maeRise());
      }
    } else {
      throw new IllegalArgumentException(
          "cannot compare " + kind(window) + " quality with a " + kind(baseline) + " baseline");
    }
    return out;
  }

  /**
   * A classifier's drops beyond the tolerance, over the classes {@code m} compares; empty when the
   * window has fewer than {@link ModelTolerance#minCount()} pairs labelled one of them.
   */
  public static List<ModelViolation> compare(MatchedClasses m, ModelTolerance tolerance) {
    Objects.requireNonNull(tolerance, "tolerance");
    List<ModelViolation> out = new ArrayList<>();
    if (m.count() >= tolerance.minCount()) {
      drop(
          out,
          ModelMetric.ACCURACY,
          m.baselineAccuracy(),
          m.accuracy(),
          tolerance.accuracyDrop(),
          m);
      drop(out, ModelMetric.MACRO_F1, m.baselineMacroF1(), m.macroF1(), tolerance.macroF1Drop(), m);
    }
    return out;
  }

  private static void drop(
      List<ModelViolation> out,
      ModelMetric metric,
      double base,
      double seen,
      double tolerated,
      MatchedClasses m) {
    double limit = base - tolerated;
    if (Double.isFinite(base) && Double.isFinite(seen) && seen < limit) {
      out.add(
          new ModelViolation(
              metric,
              base,
              seen,
              limit,
              m.classes(),
              String.format(
                  Locale.ROOT,
                  "%s %s: %.4f, down from the baseline's %.4f on the same classes at the window's"
                      + " class mix (%.1f points; tolerated %.1f)",
                  name(metric),
                  m.describe(),
                  seen,
                  base,
                  100 * (base - seen),
                  100 * tolerated)));
    }
  }

  private static void rise(
      List<ModelViolation> out, ModelMetric m, double base, double seen, double tolerated) {
    double limit = base * (1 + tolerated);
    if (Double.isFinite(base) && Double.isFinite(seen) && seen > limit) {
      out.add(
          new ModelViolation(
              m,
              base,
              seen,
              limit,
              List.of(),
              String.format(
                  Locale.ROOT,
                  "%s rose from %.6g to %.6g (%+.1f%%; tolerated +%.1f%%)",
                  name(m),
                  base,
                  seen,
                  100 * (seen / base - 1),
                  100 * tolerated)));
    }
  }

  private static String name(ModelMetric m) {
    return switch (m) {
      case ACCURACY -> "accuracy";
      case MACRO_F1 -> "macro-F1";
      case RMSE -> "RMSE";
      case MAE -> "MAE";
    };
  }

  private static String kind(ModelQualityResult r) {
    return r instanceof ClassificationQuality ? "classification" : "regression";
  }

  /** The state, compactly: varint counts, and five doubles for a regressor. */
  public byte[] toBytes() {
    StateBytes.Writer w = new StateBytes.Writer(MAGIC, VERSION).varlong(classes).varlong(skipped);
    if (classes > 0) {
      for (long c : confusion) {
        w.varlong(c);
      }
    } else {
      w.varlong(n).dbl(sumErr).dbl(sumSq).dbl(sumAbs).dbl(labelMean).dbl(labelM2);
    }
    return w.bytes();
  }

  public static ModelQuality fromBytes(byte[] state) {
    StateBytes.Reader r = new StateBytes.Reader(state, MAGIC, VERSION, "model quality state");
    int classes = r.count(MAX_CLASSES);
    if (classes == 1) {
      throw new InvalidInputException("model quality state", "holds 1 class", 1);
    }
    ModelQuality q = new ModelQuality(classes);
    q.skipped = r.varlong();
    if (classes > 0) {
      for (int i = 0; i < q.confusion.length; i++) {
        q.confusion[i] = r.varlong();
      }
    } else {
      q.n = r.varlong();
      q.sumErr = r.dbl();
      q.sumSq = r.dbl();
      q.sumAbs = r.dbl();
      q.labelMean = r.dbl();
      q.labelM2 = r.dbl();
    }
    r.end();
    return q;
  }
}
