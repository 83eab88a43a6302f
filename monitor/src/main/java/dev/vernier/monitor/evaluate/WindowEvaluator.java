package dev.vernier.monitor.evaluate;

import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.baseline.PredictionSchema;
import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftResults;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureDrift;
import dev.vernier.monitor.evaluate.WindowResult.Compared;
import dev.vernier.monitor.evaluate.WindowResult.ModelQualityFigures;
import dev.vernier.monitor.evaluate.WindowResult.Score;
import dev.vernier.monitor.quality.ClassificationQuality;
import dev.vernier.monitor.quality.DataQuality;
import dev.vernier.monitor.quality.DataQualityReport;
import dev.vernier.monitor.quality.MatchedClasses;
import dev.vernier.monitor.quality.ModelQuality;
import dev.vernier.monitor.quality.ModelQualityResult;
import dev.vernier.monitor.quality.ModelTolerance;
import dev.vernier.monitor.quality.ModelViolation;
import dev.vernier.monitor.quality.RegressionQuality;
import dev.vernier.monitor.quality.Violation;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.window.WindowData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares one closed window with the baseline: feature drift by every configured method, data
 * quality against the baseline constraints, prediction drift, and model quality from the labels
 * joined so far; and the window's counts over the baseline's histogram bins ({@link
 * WindowHistograms}). Plain computation: no storage, no clock.
 */
public final class WindowEvaluator {
  /** Drifted features listed in a result and in an alert's evidence, most drifted first. */
  static final int TOP_FEATURES = 20;

  /**
   * Out-of-range values tolerated per window: a continuous feature exceeds its baseline's extremes
   * about 2 / n of the time by chance alone, so zero tolerance would alarm on healthy traffic.
   */
  static final DataQuality.Tolerances TOLERANCES = new DataQuality.Tolerances(0.01, 0.0);

  /** Fewer joined labels than this give no model-quality verdict. */
  static final int MIN_LABELS = 30;

  public WindowVerdict evaluate(
      MonitorModel model, WindowRecord window, WindowData data, float[] labelPairs) {
    Set<ViolationKind> violations = new LinkedHashSet<>();
    byte[] histograms = null;
    WindowResult.Drift drift = null;
    WindowResult.DataQuality quality = null;
    WindowResult.PredictionDrift predictions = null;
    if (data.rows() > 0) {
      histograms = WindowHistograms.count(model.baseline(), data);
      drift = drift(model, window, data);
      if (drift.drifted()) {
        violations.add(ViolationKind.DRIFT);
      }
      quality = dataQuality(model, data);
      if (!quality.violations().isEmpty()) {
        violations.add(ViolationKind.DATA_QUALITY);
      }
      predictions = predictionDrift(model, data);
      if (predictions != null && predictions.scores().stream().anyMatch(Score::drifted)) {
        violations.add(ViolationKind.PREDICTION_DRIFT);
      }
    }
    ModelQualityVerdict mq = modelQuality(model, labelPairs);
    if (mq.violated()) {
      violations.add(ViolationKind.MODEL_QUALITY);
    }
    WindowResult result =
        new WindowResult(
            new WindowResult.Span(window.start(), window.end(), data.rows()),
            drift,
            quality,
            predictions,
            mq.figures(),
            violations,
            null,
            null,
            false,
            null);
    return new WindowVerdict(result, mq.violations(), histograms);
  }

  private static WindowResult.Drift drift(
      MonitorModel model, WindowRecord window, WindowData data) {
    Dataset current =
        new Dataset("window-" + window.start(), data.rows(), data.cols(), data.features(), null);
    DriftResults r = model.drift().score(current);
    String decision = model.spec().drift().decision();
    double share = r.driftedShare(decision);
    Map<String, Double> shares = new LinkedHashMap<>();
    for (String m : r.methods()) {
      shares.put(m, r.driftedShare(m));
    }
    List<FeatureDrift> top =
        r.features().stream()
            .filter(f -> f.score(decision).map(DriftScore::drifted).orElse(false))
            .sorted(
                Comparator.comparingDouble(
                    (FeatureDrift f) -> -f.score(decision).get().statistic()))
            .limit(TOP_FEATURES)
            .toList();
    // every feature's statistic by the decision method, in the baseline's feature order (null
    // where the method did not score it): the feature x window heatmap's cells
    int cols = r.features().stream().mapToInt(f -> f.index() + 1).max().orElse(0);
    Double[] byIndex = new Double[cols];
    for (FeatureDrift f : r.features()) {
      f.score(decision)
          .filter(s -> Double.isFinite(s.statistic()))
          .ifPresent(s -> byIndex[f.index()] = s.statistic());
    }
    List<WindowResult.FeatureScores> features = new ArrayList<>();
    for (FeatureDrift f : top) {
      features.add(
          new WindowResult.FeatureScores(
              f.name(), f.scores().stream().map(WindowEvaluator::score).toList()));
    }
    return new WindowResult.Drift(
        decision,
        share,
        model.spec().drift().featureShare(),
        r.correction().id(),
        r.timings().wallSeconds(),
        shares,
        Arrays.asList(byIndex),
        features,
        share >= model.spec().drift().featureShare());
  }

  private static Score score(DriftScore s) {
    return new Score(
        s.method(),
        s.statistic(),
        s.pValue(),
        s.threshold().value(),
        s.threshold().rule().name().toLowerCase(Locale.ROOT),
        s.drifted());
  }

  private static WindowResult.DataQuality dataQuality(MonitorModel model, WindowData data) {
    DataQuality q =
        new DataQuality(model.baseline().schema(), model.baseline().constraints(), TOLERANCES);
    int cols = data.cols();
    int[] mm = data.mismatches();
    int m = 0;
    float[] row = new float[cols];
    int[] scratch = new int[cols];
    for (int r = 0; r < data.rows(); r++) {
      System.arraycopy(data.features(), r * cols, row, 0, cols);
      int n = 0;
      while (m < mm.length && mm[m] == r) {
        scratch[n++] = mm[m + 1];
        m += 2;
      }
      if (n == 0) {
        q.accept(row);
      } else {
        int[] mis = Arrays.copyOf(scratch, n);
        Arrays.sort(mis);
        q.accept(row, mis);
      }
    }
    DataQualityReport report = q.result();
    List<WindowResult.QualityViolation> list = new ArrayList<>();
    for (Violation v : report.violations()) {
      list.add(
          new WindowResult.QualityViolation(
              v.feature(),
              v.check().name().toLowerCase(Locale.ROOT),
              v.observed(),
              v.limit(),
              v.message()));
    }
    return new WindowResult.DataQuality(report.rows(), list);
  }

  /** Prediction drift by each fitted method; null without baseline predictions or predictions. */
  private static WindowResult.PredictionDrift predictionDrift(MonitorModel model, WindowData data) {
    if (model.predictionDrift().isEmpty()) {
      return null;
    }
    double[] p = new double[data.rows()];
    int n = 0;
    for (float v : data.predictions()) {
      if (!Float.isNaN(v)) {
        p[n++] = v;
      }
    }
    if (n == 0) {
      return null;
    }
    double[] current = Arrays.copyOf(p, n);
    List<Score> scores = new ArrayList<>();
    for (DriftMethod.Fitted f : model.predictionDrift()) {
      scores.add(score(f.score(current)));
    }
    return new WindowResult.PredictionDrift(scores);
  }

  /**
   * Model quality from the (prediction, label) pairs joined so far, and the violations of the
   * baseline's tolerance. Also used again on a closed window when later labels join ({@code
   * LateLabels}), so both verdicts are reached the same way.
   *
   * <p>A classifier's figures hold the window's accuracy and macro-F1 over the classes present in
   * its labels ({@code classes}), and, with a baseline, {@code compared}: the classes compared, the
   * window's figures over them and the baseline's on the same classes at the window's class mix
   * ({@link MatchedClasses}); the violation is judged on those.
   */
  public static ModelQualityVerdict modelQuality(MonitorModel model, float[] pairs) {
    return modelQuality(model.predictionSchema(), model.baselineQuality(), pairs);
  }

  /** {@link #modelQuality(MonitorModel, float[])} from its parts. */
  static ModelQualityVerdict modelQuality(
      PredictionSchema schema, ModelQualityResult baseline, float[] pairs) {
    int n = pairs.length / 2;
    if (n == 0 || schema == null) {
      return ModelQualityVerdict.NONE;
    }
    ModelQuality q = ModelQuality.of(schema);
    for (int i = 0; i < n; i++) {
      q.accept(pairs[2 * i], pairs[2 * i + 1]);
    }
    ModelQualityResult r = q.result();
    ModelQualityFigures figures = new ModelQualityFigures(n, null, null, null, null, null, null);
    MatchedClasses matched = null;
    if (r instanceof ClassificationQuality c) {
      int[] present = c.present();
      Compared compared = null;
      if (baseline instanceof ClassificationQuality b && present.length > 0) {
        matched = MatchedClasses.of(b, c);
        compared =
            new Compared(
                matched.classes(),
                matched.unmatched(),
                matched.count(),
                matched.describe(),
                "the window's class mix",
                matched.accuracy(),
                matched.baselineAccuracy(),
                matched.macroF1(),
                matched.baselineMacroF1());
      }
      figures =
          new ModelQualityFigures(
              n,
              c.accuracy(),
              c.macroF1(present),
              Arrays.stream(present).boxed().toList(),
              compared,
              null,
              null);
    } else if (r instanceof RegressionQuality g) {
      figures = new ModelQualityFigures(n, null, null, null, null, g.rmse(), g.mae());
    }
    if (baseline == null || n < MIN_LABELS) {
      return new ModelQualityVerdict(figures, List.of());
    }
    List<ModelViolation> found =
        matched != null
            ? ModelQuality.compare(matched, ModelTolerance.DEFAULT)
            : ModelQuality.compare(baseline, r, ModelTolerance.DEFAULT);
    return new ModelQualityVerdict(figures, found);
  }
}
