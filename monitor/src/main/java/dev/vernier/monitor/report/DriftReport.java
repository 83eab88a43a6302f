package dev.vernier.monitor.report;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.drift.DecileBins;
import dev.vernier.monitor.drift.DriftAnalysis;
import dev.vernier.monitor.drift.DriftResults;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureDrift;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.SortedSample;
import dev.vernier.monitor.drift.Threshold;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An offline drift report: every applicable method on every feature of a current dataset against a
 * baseline dataset, with the chosen multiple-testing correction, ready for {@link ReportJson},
 * {@link ReportCsv} and {@link ReportHtml}.
 *
 * <p>Besides the table it keeps, for at most {@link #MAX_CHARTS} drifted features, both samples'
 * shares per bin (the baseline's decile bins for numeric features, categories for categorical ones)
 * for the HTML charts. "Most drifted" ranks features by how many methods flag them, then by their
 * Kolmogorov-Smirnov statistic (or, without one, their first method's statistic), then by column.
 */
public final class DriftReport {
  /** The most drifted features that get a chart. */
  public static final int MAX_CHARTS = 50;

  /** One line of the table: one method on one feature. */
  public record Row(int index, String feature, DriftScore score) {}

  /**
   * Both samples' shares per bin of one feature.
   *
   * @param labels one per bin, e.g. {@code (0.12, 0.5]} or a category code
   */
  public record Chart(
      int index,
      String feature,
      int driftedMethods,
      List<String> labels,
      double[] baseline,
      double[] current) {}

  private final String baselineName;
  private final String currentName;
  private final DriftResults results;
  private final List<Chart> charts;
  private final Map<String, Threshold> thresholds;
  private final double fitSeconds;

  private DriftReport(
      String baselineName,
      String currentName,
      DriftResults results,
      List<Chart> charts,
      Map<String, Threshold> thresholds,
      double fitSeconds) {
    this.baselineName = baselineName;
    this.currentName = currentName;
    this.results = results;
    this.charts = List.copyOf(charts);
    this.thresholds = Map.copyOf(thresholds);
    this.fitSeconds = fitSeconds;
  }

  /**
   * Fits {@code analysis} on {@code baseline} and scores {@code current}.
   *
   * @throws InvalidInputException naming {@code current} and both column counts when they differ
   */
  public static DriftReport compute(Dataset baseline, Dataset current, DriftAnalysis analysis) {
    if (current.cols() != baseline.cols()) {
      throw new InvalidInputException(
          "current",
          "must have as many columns as the baseline (" + baseline.cols() + ")",
          current.cols() + " columns");
    }
    DriftAnalysis.Baseline fitted = analysis.fit(baseline);
    DriftResults results = fitted.score(current);
    List<FeatureDrift> ranked =
        results.features().stream()
            .filter(FeatureDrift::drifted)
            .sorted(
                Comparator.comparingInt(FeatureDrift::driftedCount)
                    .reversed()
                    .thenComparing(
                        Comparator.comparingDouble(DriftReport::rankStatistic).reversed())
                    .thenComparingInt(FeatureDrift::index))
            .limit(MAX_CHARTS)
            .toList();
    List<Chart> charts = new ArrayList<>();
    for (FeatureDrift f : ranked) {
      charts.add(chart(f, column(baseline, f.index()), column(current, f.index())));
    }
    Map<String, Threshold> thresholds = new LinkedHashMap<>();
    analysis.methods().forEach(m -> thresholds.put(m.name(), analysis.threshold(m)));
    return new DriftReport(
        baseline.name(), current.name(), results, charts, thresholds, fitted.fitSeconds());
  }

  private static double rankStatistic(FeatureDrift f) {
    return f.score("ks")
        .or(() -> f.scores().stream().findFirst())
        .map(DriftScore::statistic)
        .orElse(0.0);
  }

  private static double[] column(Dataset d, int j) {
    double[] x = new double[d.rows()];
    float[] f = d.features();
    for (int i = 0, k = j; i < x.length; i++, k += d.cols()) {
      x[i] = f[k];
    }
    return x;
  }

  private static Chart chart(FeatureDrift f, double[] b, double[] c) {
    SortedSample sb = SortedSample.of("baseline", b);
    SortedSample sc = SortedSample.of("current", c);
    List<String> labels = new ArrayList<>();
    double[] pb;
    double[] pc;
    if (f.kind() == FeatureKind.NUMERIC) {
      DecileBins bins = DecileBins.fit(sb);
      double[] e = bins.edges();
      for (int i = 0; i <= e.length; i++) {
        labels.add(
            i == 0
                ? "<= " + num(e[0])
                : i == e.length
                    ? "> " + num(e[i - 1])
                    : "(" + num(e[i - 1]) + ", " + num(e[i]) + "]");
      }
      pb = bins.baselineProportions();
      pc = bins.proportions(sc);
    } else {
      Map<Double, double[]> shares = new TreeMap<>();
      for (int i = 0; i < sb.distinctCount(); i++) {
        shares.computeIfAbsent(sb.distinctValue(i), k -> new double[2])[0] =
            (double) sb.distinctCountAt(i) / sb.size();
      }
      for (int i = 0; i < sc.distinctCount(); i++) {
        shares.computeIfAbsent(sc.distinctValue(i), k -> new double[2])[1] =
            (double) sc.distinctCountAt(i) / sc.size();
      }
      pb = new double[shares.size()];
      pc = new double[shares.size()];
      int i = 0;
      for (Map.Entry<Double, double[]> e : shares.entrySet()) {
        labels.add(e.getKey() == -1 ? "unseen" : num(e.getKey()));
        pb[i] = e.getValue()[0];
        pc[i++] = e.getValue()[1];
      }
    }
    return new Chart(f.index(), f.name(), f.driftedCount(), labels, pb, pc);
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(java.util.Locale.ROOT, "%.4g", v);
  }

  public String baselineName() {
    return baselineName;
  }

  public String currentName() {
    return currentName;
  }

  /** The scores, feature by feature. */
  public DriftResults results() {
    return results;
  }

  /**
   * The rule {@code method} decides with, as configured: {@code p < 0.05}, {@code statistic > 0.2}
   * or a baseline-relative {@code statistic > 0.1 * std(baseline)} (resolved per feature).
   */
  public Threshold threshold(String method) {
    return thresholds.get(method);
  }

  /** Seconds the baseline took to fit. */
  public double fitSeconds() {
    return fitSeconds;
  }

  /** The table: for each feature in column order, one row per applicable method. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (FeatureDrift f : results.features()) {
      for (DriftScore s : f.scores()) {
        rows.add(new Row(f.index(), f.name(), s));
      }
    }
    return rows;
  }

  /** Per method, the share of the features it applies to that it flags; in method order. */
  public Map<String, Double> driftedShareByMethod() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String method : results.methods()) {
      if (results.applicable(method) > 0) {
        m.put(method, results.driftedShare(method));
      }
    }
    return m;
  }

  /** How many features at least one method flags. */
  public int driftedFeatures() {
    return (int) results.features().stream().filter(FeatureDrift::drifted).count();
  }

  /** Charts of the most drifted features, most drifted first, at most {@link #MAX_CHARTS}. */
  public List<Chart> charts() {
    return charts;
  }
}
