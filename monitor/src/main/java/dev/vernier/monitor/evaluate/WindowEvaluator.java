package dev.vernier.monitor.evaluate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.baseline.PredictionSchema;
import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftResults;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureDrift;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    ObjectNode result = Json.MAPPER.createObjectNode();
    result
        .putObject("window")
        .put("start", window.start())
        .put("end", window.end())
        .put("events", data.rows());
    Map<ViolationKind, ObjectNode> violations = new LinkedHashMap<>();
    byte[] histograms = null;
    if (data.rows() > 0) {
      histograms = WindowHistograms.count(model.baseline(), data);
      drift(model, window, data, result, violations);
      dataQuality(model, data, result, violations);
      predictionDrift(model, data, result, violations);
    }
    modelQuality(model, labelPairs, result, violations);
    ArrayNode kinds = result.putArray("violations");
    violations.keySet().forEach(k -> kinds.add(k.id()));
    return new WindowVerdict(result, violations, histograms);
  }

  private static void drift(
      MonitorModel model,
      WindowRecord window,
      WindowData data,
      ObjectNode result,
      Map<ViolationKind, ObjectNode> violations) {
    Dataset current =
        new Dataset("window-" + window.start(), data.rows(), data.cols(), data.features(), null);
    DriftResults r = model.drift().score(current);
    String decision = model.spec().drift().decision();
    double share = r.driftedShare(decision);
    ObjectNode d = result.putObject("drift");
    d.put("decision", decision)
        .put("driftedShare", share)
        .put("featureShare", model.spec().drift().featureShare())
        .put("correction", r.correction().id())
        .put("seconds", r.timings().wallSeconds());
    ObjectNode shares = d.putObject("sharePerMethod");
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
    ArrayNode statistics = d.putArray("statistics");
    for (Double v : byIndex) {
      if (v == null) {
        statistics.addNull();
      } else {
        statistics.add(v);
      }
    }
    ArrayNode features = d.putArray("topDrifted");
    for (FeatureDrift f : top) {
      ObjectNode fn = features.addObject().put("feature", f.name());
      ArrayNode scores = fn.putArray("scores");
      for (DriftScore s : f.scores()) {
        score(scores.addObject(), s);
      }
    }
    boolean drifted = share >= model.spec().drift().featureShare();
    d.put("drifted", drifted);
    if (drifted) {
      ObjectNode ev = Json.MAPPER.createObjectNode();
      ev.put(
          "summary",
          String.format(
              "%.1f%% of features drifted by %s (threshold %.1f%%) in window %d",
              100 * share, decision, 100 * model.spec().drift().featureShare(), window.start()));
      ev.put("window", window.start());
      ArrayNode list = ev.putArray("evidence");
      for (FeatureDrift f : top) {
        DriftScore s = f.score(decision).get();
        score(list.addObject().put("feature", f.name()), s).put("window", window.start());
      }
      violations.put(ViolationKind.DRIFT, ev);
    }
  }

  private static ObjectNode score(ObjectNode o, DriftScore s) {
    o.put("method", s.method()).put("statistic", s.statistic());
    if (!Double.isNaN(s.pValue())) {
      o.put("pValue", s.pValue());
    }
    return o.put("threshold", s.threshold().value())
        .put("rule", s.threshold().rule().name().toLowerCase(java.util.Locale.ROOT))
        .put("drifted", s.drifted());
  }

  private static void dataQuality(
      MonitorModel model,
      WindowData data,
      ObjectNode result,
      Map<ViolationKind, ObjectNode> violations) {
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
    ObjectNode dq = result.putObject("dataQuality").put("rows", report.rows());
    ArrayNode list = dq.putArray("violations");
    for (Violation v : report.violations()) {
      list.addObject()
          .put("feature", v.feature())
          .put("check", v.check().name().toLowerCase(java.util.Locale.ROOT))
          .put("observed", v.observed())
          .put("limit", v.limit())
          .put("message", v.message());
    }
    if (!report.violations().isEmpty()) {
      ObjectNode ev = Json.MAPPER.createObjectNode();
      ev.put(
          "summary",
          report.violations().size()
              + " data-quality violations, first: "
              + report.violations().get(0).message());
      ev.set("evidence", list.deepCopy());
      violations.put(ViolationKind.DATA_QUALITY, ev);
    }
  }

  private static void predictionDrift(
      MonitorModel model,
      WindowData data,
      ObjectNode result,
      Map<ViolationKind, ObjectNode> violations) {
    if (model.predictionDrift().isEmpty()) {
      return;
    }
    double[] p = new double[data.rows()];
    int n = 0;
    for (float v : data.predictions()) {
      if (!Float.isNaN(v)) {
        p[n++] = v;
      }
    }
    if (n == 0) {
      return;
    }
    double[] current = Arrays.copyOf(p, n);
    ArrayNode scores = result.putObject("predictionDrift").putArray("scores");
    boolean drifted = false;
    ObjectNode ev = Json.MAPPER.createObjectNode();
    ArrayNode evidence = ev.putArray("evidence");
    for (DriftMethod.Fitted f : model.predictionDrift()) {
      DriftScore s = f.score(current);
      score(scores.addObject(), s);
      if (s.drifted()) {
        drifted = true;
        score(evidence.addObject().put("feature", "prediction"), s);
      }
    }
    if (drifted) {
      ev.put("summary", "the distribution of the model's predictions drifted");
      violations.put(ViolationKind.PREDICTION_DRIFT, ev);
    }
  }

  /**
   * Model quality from the (prediction, label) pairs joined so far, into {@code result}'s {@code
   * modelQuality} (replaced) and, when it falls outside the baseline's tolerance, {@code
   * violations}' {@code model_quality}. Also used again on a closed window when later labels join
   * ({@code LateLabels}), so both verdicts are reached the same way.
   *
   * <p>A classifier's {@code modelQuality} holds the window's accuracy and macro-F1 over the
   * classes present in its labels ({@code classes}), and, with a baseline, {@code compared}: the
   * classes compared, the window's figures over them and the baseline's on the same classes at the
   * window's class mix ({@link MatchedClasses}); the violation is judged on those.
   */
  public static void modelQuality(
      MonitorModel model,
      float[] pairs,
      ObjectNode result,
      Map<ViolationKind, ObjectNode> violations) {
    modelQuality(model.predictionSchema(), model.baselineQuality(), pairs, result, violations);
  }

  /** {@link #modelQuality(MonitorModel, float[], ObjectNode, Map)} from its parts. */
  static void modelQuality(
      PredictionSchema schema,
      ModelQualityResult baseline,
      float[] pairs,
      ObjectNode result,
      Map<ViolationKind, ObjectNode> violations) {
    int n = pairs.length / 2;
    if (n == 0 || schema == null) {
      return;
    }
    ModelQuality q = ModelQuality.of(schema);
    for (int i = 0; i < n; i++) {
      q.accept(pairs[2 * i], pairs[2 * i + 1]);
    }
    ModelQualityResult r = q.result();
    ObjectNode mq = result.putObject("modelQuality").put("labels", n);
    MatchedClasses matched = null;
    if (r instanceof ClassificationQuality c) {
      int[] present = c.present();
      mq.put("accuracy", c.accuracy()).put("macroF1", c.macroF1(present));
      ArrayNode classes = mq.putArray("classes");
      Arrays.stream(present).forEach(classes::add);
      if (baseline instanceof ClassificationQuality b && present.length > 0) {
        matched = MatchedClasses.of(b, c);
        compared(mq.putObject("compared"), matched);
      }
    } else if (r instanceof RegressionQuality g) {
      mq.put("rmse", g.rmse()).put("mae", g.mae());
    }
    if (baseline == null || n < MIN_LABELS) {
      return;
    }
    List<ModelViolation> found =
        matched != null
            ? ModelQuality.compare(matched, ModelTolerance.DEFAULT)
            : ModelQuality.compare(baseline, r, ModelTolerance.DEFAULT);
    if (!found.isEmpty()) {
      ObjectNode ev = Json.MAPPER.createObjectNode();
      ev.put("summary", found.get(0).message());
      ArrayNode list = ev.putArray("evidence");
      for (ModelViolation v : found) {
        ObjectNode e =
            list.addObject()
                .put("metric", v.metric().name().toLowerCase(java.util.Locale.ROOT))
                .put("baseline", v.baseline())
                .put("observed", v.observed())
                .put("limit", v.limit());
        if (matched != null) {
          ArrayNode classes = e.putArray("classes");
          v.classes().forEach(classes::add);
          e.put("compared", matched.describe());
        }
      }
      violations.put(ViolationKind.MODEL_QUALITY, ev);
    }
  }

  private static void compared(ObjectNode o, MatchedClasses m) {
    ArrayNode classes = o.putArray("classes");
    m.classes().forEach(classes::add);
    if (!m.unmatched().isEmpty()) {
      ArrayNode unmatched = o.putArray("unmatched");
      m.unmatched().forEach(unmatched::add);
    }
    o.put("labels", m.count())
        .put("summary", m.describe())
        .put("baselineAt", "the window's class mix");
    putFinite(o, "accuracy", m.accuracy());
    putFinite(o, "baselineAccuracy", m.baselineAccuracy());
    putFinite(o, "macroF1", m.macroF1());
    putFinite(o, "baselineMacroF1", m.baselineMacroF1());
  }

  private static void putFinite(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.putNull(name);
    }
  }
}
