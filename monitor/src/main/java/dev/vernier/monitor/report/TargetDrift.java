package dev.vernier.monitor.report;

import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.drift.DriftAnalysis;
import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.drift.DriftResults;
import dev.vernier.monitor.drift.FeatureDrift;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.MultipleTesting;
import java.util.List;

/**
 * The target's drift in a {@link DriftReport}: the labels scored on their own, as classes by the
 * chosen categorical methods when every label is an integer and the baseline has at most {@link
 * DriftReport#MAX_CLASSES} of them, otherwise as numbers by the chosen numeric methods; by every
 * registered method of the kind when none of the chosen ones fits.
 */
final class TargetDrift {
  private TargetDrift() {}

  static DriftReport.Target score(float[] baseline, float[] current, DriftAnalysis analysis) {
    double[] b = widen(baseline);
    double[] c = widen(current);
    double[] classes = classes(b, c);
    FeatureKind kind = classes == null ? FeatureKind.NUMERIC : FeatureKind.CATEGORICAL;
    List<DriftMethod> methods = analysis.methods().stream().filter(m -> m.kind() == kind).toList();
    if (methods.isEmpty()) {
      methods = DriftMethods.forKind(kind);
    }
    DriftAnalysis.Builder builder =
        DriftAnalysis.builder()
            .methods(methods)
            .correction(MultipleTesting.NONE) // one test: nothing to correct
            .threads(1)
            .featureNames(List.of(DriftReport.TARGET));
    for (DriftMethod m : methods) {
      if (analysis.methods().contains(m)) {
        builder.threshold(m.name(), analysis.threshold(m));
      }
    }
    if (classes != null) {
      builder.categorical(0);
      b = codes(b, classes);
      c = codes(c, classes);
    }
    DriftResults r =
        builder.build().fit(oneColumn("baseline labels", b)).score(oneColumn("current labels", c));
    FeatureDrift scored = r.features().get(0);
    FeatureDrift drift = new FeatureDrift(-1, DriftReport.TARGET, kind, scored.scores());
    double[] known = classes;
    return new DriftReport.Target(
        kind,
        drift,
        ReportCharts.chart(
            drift, b, c, code -> code == -1 ? "unseen" : DriftReport.num(known[(int) code])));
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /**
   * The baseline's classes, ascending, when every label of both samples is an integer and the
   * baseline has at most {@link DriftReport#MAX_CLASSES} of them; null for numeric labels.
   */
  private static double[] classes(double[] b, double[] c) {
    java.util.TreeSet<Double> seen = new java.util.TreeSet<>();
    for (double v : b) {
      if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
        return null;
      }
      if (seen.add(v) && seen.size() > DriftReport.MAX_CLASSES) {
        return null;
      }
    }
    for (double v : c) {
      if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
        return null;
      }
    }
    return seen.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Each label's position among {@code classes}, -1 (unseen) for a class the baseline lacks. */
  private static double[] codes(double[] labels, double[] classes) {
    double[] out = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      int k = java.util.Arrays.binarySearch(classes, labels[i]);
      out[i] = k < 0 ? -1 : k;
    }
    return out;
  }

  private static Dataset oneColumn(String name, double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return new Dataset(name, x.length, 1, f, null);
  }
}
