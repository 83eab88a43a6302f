package dev.vernier.monitor.evaluate;

import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.FeatureSchema;
import dev.vernier.monitor.baseline.FeatureType;
import dev.vernier.monitor.baseline.PredictionSchema;
import dev.vernier.monitor.baseline.PredictionType;
import dev.vernier.monitor.drift.DriftAnalysis;
import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.drift.MultipleTesting;
import dev.vernier.monitor.quality.ModelQuality;
import dev.vernier.monitor.quality.ModelQualityResult;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.window.Windowing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a monitor needs in memory to evaluate windows: its spec, its baseline, the drift
 * methods fitted once on the baseline data, the prediction-drift methods fitted on the model's
 * baseline predictions, and the model's quality on the baseline. Immutable and thread-safe.
 */
public final class MonitorModel {
  private final String id;
  private final MonitorSpec spec;
  private final Baseline baseline;
  private final DriftAnalysis.Baseline drift;
  private final List<DriftMethod.Fitted> predictionDrift;
  private final ModelQualityResult baselineQuality;
  private final Windowing windowing;
  private final PredictionSchema predictionSchema;

  /**
   * @param data the baseline dataset (the model's training data)
   * @param predictions the model's predictions on {@code data}, or null when unknown
   */
  public MonitorModel(
      String id,
      MonitorSpec spec,
      Baseline baseline,
      Dataset data,
      double[] predictions,
      int threads) {
    this.id = id;
    this.spec = spec;
    this.baseline = baseline;
    this.windowing = new Windowing(spec.window());
    List<Integer> categorical = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < baseline.schema().size(); i++) {
      FeatureSchema f = baseline.schema().feature(i);
      names.add(f.name());
      if (f.type() == FeatureType.CATEGORICAL) {
        categorical.add(i);
      }
    }
    this.drift =
        DriftAnalysis.builder()
            .methodNames(spec.drift().methods())
            .correction(MultipleTesting.parse("$.drift.correction", spec.drift().correction()))
            .threads(threads)
            .featureNames(names)
            .categorical(categorical.stream().mapToInt(Integer::intValue).toArray())
            .build()
            .fit(data);
    this.predictionSchema = predictionSchema(baseline, data);
    List<DriftMethod.Fitted> pd = new ArrayList<>();
    ModelQualityResult quality = null;
    if (predictions != null) {
      boolean classes = predictionSchema != null && predictionSchema.type() == PredictionType.CLASS;
      for (String m : classes ? List.of("chi2", "linf") : List.of("ks", "wasserstein")) {
        pd.add(DriftMethods.byName(m).fit(predictions));
      }
      if (data.hasLabels()) {
        ModelQuality q = ModelQuality.of(predictionSchema);
        q.acceptAll(predictions, data.labels());
        quality = q.result();
      }
    }
    this.predictionDrift = List.copyOf(pd);
    this.baselineQuality = quality;
  }

  /**
   * What the model predicts: from the baseline's prediction profile, else from the training labels
   * (class indices when every label is a small non-negative integer, values otherwise); null when
   * neither is known.
   */
  static PredictionSchema predictionSchema(Baseline baseline, Dataset data) {
    if (baseline.schema().prediction() != null) {
      return baseline.schema().prediction();
    }
    if (!data.hasLabels()) {
      return null;
    }
    int max = 0;
    for (float y : data.labels()) {
      if (y < 0 || y != Math.rint(y) || y >= 1024) {
        return PredictionSchema.numeric();
      }
      max = Math.max(max, (int) y);
    }
    return PredictionSchema.classes(Math.max(2, max + 1));
  }

  public PredictionSchema predictionSchema() {
    return predictionSchema;
  }

  public String id() {
    return id;
  }

  public MonitorSpec spec() {
    return spec;
  }

  public Baseline baseline() {
    return baseline;
  }

  public DriftAnalysis.Baseline drift() {
    return drift;
  }

  public List<DriftMethod.Fitted> predictionDrift() {
    return predictionDrift;
  }

  /** The model's quality on its baseline data; null when predictions or labels are unknown. */
  public ModelQualityResult baselineQuality() {
    return baselineQuality;
  }

  public Windowing windowing() {
    return windowing;
  }

  public int features() {
    return baseline.schema().size();
  }

  /** Per feature, the codes of a categorical feature's categories (null for numeric ones). */
  public List<Map<String, Integer>> categoryCodes() {
    List<Map<String, Integer>> out = new ArrayList<>();
    for (FeatureSchema f : baseline.schema().features()) {
      if (f.type() == FeatureType.CATEGORICAL) {
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 0; i < f.categories().size(); i++) {
          codes.put(f.categories().get(i), i);
        }
        out.add(codes);
      } else {
        out.add(null);
      }
    }
    return out;
  }
}
