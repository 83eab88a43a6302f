package dev.vernier.monitor.report;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.drift.DatasetDrift;
import dev.vernier.monitor.drift.DriftAnalysis;
import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.drift.DriftResults;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureDrift;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.Threshold;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An offline drift report: every applicable method on every feature of a current dataset against a
 * baseline dataset, with the chosen multiple-testing correction, ready for {@link ReportJson},
 * {@link ReportCsv} and {@link ReportHtml}.
 *
 * <p>It opens with the dataset-level verdict ({@link DatasetDrift}: the share of features the
 * decision method flags against {@code featureShare}) and, when both datasets have labels, the
 * target's drift: the labels scored on their own (not among the features, so neither in the verdict
 * nor in the features' multiple-testing correction), as classes by the chosen categorical methods
 * ({@code chi2}, {@code linf}) when every label is an integer and the baseline has at most {@link
 * #MAX_CLASSES} of them, otherwise as numbers by the chosen numeric methods; when none of the
 * chosen methods fits the target's kind, by every registered method of that kind.
 *
 * <p>Besides the table it keeps, for at most {@link #MAX_CHARTS} drifted features, both samples'
 * shares per bin (the baseline's decile bins for numeric features, categories for categorical ones)
 * for the HTML charts. "Most drifted" ranks features by how many methods flag them, then by their
 * Kolmogorov-Smirnov statistic (or, without one, their first method's statistic), then by column.
 */
public final class DriftReport {
  /** The most drifted features that get a chart. */
  public static final int MAX_CHARTS = 50;

  /** The most distinct integer labels that are still classes rather than numbers. */
  public static final int MAX_CLASSES = 50;

  /** The target's name in every output. */
  public static final String TARGET = "label";

  /** One line of the table: one method on one feature. */
  public record Row(int index, String feature, DriftScore score) {}

  /**
   * Both samples' shares per bin of one feature.
   *
   * @param index the column, or -1 for the target
   * @param labels one per bin, e.g. {@code (0.12, 0.5]} or a category code
   * @param edges for numeric bins, the inner bin edges ({@code labels.size() - 1} of them, the
   *     first and last bins open); empty for categories
   * @param min the smallest value in either sample (NaN for categories)
   * @param max the largest value in either sample (NaN for categories)
   */
  public record Chart(
      int index,
      String feature,
      int driftedMethods,
      List<String> labels,
      double[] edges,
      double min,
      double max,
      double[] baseline,
      double[] current) {
    /** Whether the bins are numeric intervals between {@link #edges}. */
    public boolean numeric() {
      return !labels.isEmpty() && edges.length == labels.size() - 1 && !Double.isNaN(min);
    }
  }

  /**
   * The target's drift, scored apart from the features.
   *
   * @param kind {@link FeatureKind#CATEGORICAL} for classes
   * @param drift its scores (index -1, name {@link #TARGET})
   * @param chart both samples' shares per class or per decile bin
   */
  public record Target(FeatureKind kind, FeatureDrift drift, Chart chart) {}

  private final String baselineName;
  private final String currentName;
  private final DriftResults results;
  private final DatasetDrift verdict;
  private final Target target;
  private final List<Chart> charts;
  private final Map<String, Threshold> thresholds;
  private final double fitSeconds;

  private DriftReport(
      String baselineName,
      String currentName,
      DriftResults results,
      DatasetDrift verdict,
      Target target,
      List<Chart> charts,
      Map<String, Threshold> thresholds,
      double fitSeconds) {
    this.baselineName = baselineName;
    this.currentName = currentName;
    this.results = results;
    this.verdict = verdict;
    this.target = target;
    this.charts = List.copyOf(charts);
    this.thresholds = Map.copyOf(thresholds);
    this.fitSeconds = fitSeconds;
  }

  /**
   * {@link #compute(Dataset, Dataset, DriftAnalysis, String, double)} with the default decision
   * method and {@link DatasetDrift#DEFAULT_FEATURE_SHARE}.
   */
  public static DriftReport compute(Dataset baseline, Dataset current, DriftAnalysis analysis) {
    return compute(baseline, current, analysis, null, DatasetDrift.DEFAULT_FEATURE_SHARE);
  }

  /**
   * Fits {@code analysis} on {@code baseline}, scores {@code current} and decides whether the
   * dataset drifted; scores the labels as the target when both datasets have them.
   *
   * @param decision the method whose decisions count for the verdict; null for {@code psi} when it
   *     is among the analysis's methods and scores a feature, else the first method that does (a
   *     monitor's default)
   * @param featureShare the share of drifted features, in (0, 1], at which the dataset drifted
   * @throws InvalidInputException naming {@code current} and both column counts when they differ,
   *     or naming {@code decision} when it is not one of the analysis's methods or scores no
   *     feature
   */
  public static DriftReport compute(
      Dataset baseline,
      Dataset current,
      DriftAnalysis analysis,
      String decision,
      double featureShare) {
    if (current.cols() != baseline.cols()) {
      throw new InvalidInputException(
          "current",
          "must have as many columns as the baseline (" + baseline.cols() + ")",
          current.cols() + " columns");
    }
    List<String> names = analysis.methods().stream().map(DriftMethod::name).toList();
    if (decision != null && !names.contains(decision)) {
      throw new InvalidInputException("decision", "must be one of the methods " + names, decision);
    }
    if (!(featureShare > 0 && featureShare <= 1)) {
      throw new InvalidInputException("featureShare", "must be in (0, 1]", featureShare);
    }
    DriftAnalysis.Baseline fitted = analysis.fit(baseline);
    DriftResults results = fitted.score(current);
    String method = decision;
    if (method == null) {
      method =
          names.contains("psi") && results.applicable("psi") > 0
              ? "psi"
              : names.stream()
                  .filter(m -> results.applicable(m) > 0)
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              "methods", "must include one that scores a feature's kind", names));
    }
    DatasetDrift verdict =
        DatasetDrift.of(
            results, method, analysis.threshold(DriftMethods.byName(method)), featureShare);
    Target target =
        baseline.hasLabels() && current.hasLabels()
            ? TargetDrift.score(baseline.labels(), current.labels(), analysis)
            : null;
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
      charts.add(
          ReportCharts.chart(
              f, column(baseline, f.index()), column(current, f.index()), DriftReport::num));
    }
    Map<String, Threshold> thresholds = new LinkedHashMap<>();
    analysis.methods().forEach(m -> thresholds.put(m.name(), analysis.threshold(m)));
    return new DriftReport(
        baseline.name(),
        current.name(),
        results,
        verdict,
        target,
        charts,
        thresholds,
        fitted.fitSeconds());
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

  /** The dataset-level verdict. */
  public DatasetDrift verdict() {
    return verdict;
  }

  /** The target's drift, when both datasets have labels. */
  public Optional<Target> target() {
    return Optional.ofNullable(target);
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
