package dev.vernier.monitor.evaluate;

import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.alert.WindowKinds;
import dev.vernier.monitor.quality.ModelViolation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of one closed window: drift per feature and method, data quality, prediction drift,
 * model quality and the kinds of violation found, and, once the window is closed, the incidents
 * that go on in it and the alerts it raised. Built by {@link WindowEvaluator}, completed by the
 * closing pass ({@link #closed}) and by labels that join late ({@link #withModelQuality}, {@link
 * #withAlert}); written and read as JSON only by {@code WindowResultCodec}. Immutable.
 *
 * <p>A part that was not computed is null: {@code drift}, {@code dataQuality} and {@code
 * predictionDrift} for a window without rows (or without baseline predictions), {@code
 * modelQuality} without joined labels; {@code incidents} and {@code alerts} before the window
 * closed. Results stored by earlier releases may lack newer parts (drift {@code statistics}, model
 * quality {@code classes} and {@code compared}): those are null too.
 *
 * @param window the window's bounds and its number of events
 * @param modelQualityLate whether {@code modelQuality} was first computed after the window closed,
 *     from labels that joined late (the stored document then lists it after {@code alerts}, where
 *     it has always been appended)
 * @param modelQualityError why the last evaluation of late labels failed, or null
 */
public record WindowResult(
    Span window,
    Drift drift,
    DataQuality dataQuality,
    PredictionDrift predictionDrift,
    ModelQualityFigures modelQuality,
    Set<ViolationKind> violations,
    List<ViolationKind> incidents,
    List<ViolationKind> alerts,
    boolean modelQualityLate,
    String modelQualityError) {

  public WindowResult {
    violations = Collections.unmodifiableSet(new LinkedHashSet<>(violations));
    incidents = incidents == null ? null : List.copyOf(incidents);
    alerts = alerts == null ? null : List.copyOf(alerts);
  }

  /** A window's bounds and its number of events. */
  public record Span(long start, long end, long events) {}

  /** One drift method's score of one feature (or of the predictions). */
  public record Score(
      String method,
      double statistic,
      double pValue,
      double threshold,
      String rule,
      boolean drifted) {}

  /** A drifted feature's scores by every method. */
  public record FeatureScores(String feature, List<Score> scores) {
    public FeatureScores {
      scores = List.copyOf(scores);
    }

    /** The score by {@code method}, or null. */
    public Score score(String method) {
      return scores.stream().filter(s -> s.method().equals(method)).findFirst().orElse(null);
    }
  }

  /**
   * Feature drift of the window.
   *
   * @param decision the method whose verdicts decide
   * @param sharePerMethod the share of drifted features by each method, in the order computed
   * @param statistics every feature's statistic by the decision method in the baseline's feature
   *     order, null where not scored; null in results stored before it existed
   * @param topDrifted the drifted features, most drifted first, at most {@link
   *     WindowEvaluator#TOP_FEATURES}
   */
  public record Drift(
      String decision,
      double driftedShare,
      double featureShare,
      String correction,
      double seconds,
      Map<String, Double> sharePerMethod,
      List<Double> statistics,
      List<FeatureScores> topDrifted,
      boolean drifted) {
    public Drift {
      sharePerMethod = Collections.unmodifiableMap(new LinkedHashMap<>(sharePerMethod));
      statistics =
          statistics == null ? null : Collections.unmodifiableList(new ArrayList<>(statistics));
      topDrifted = List.copyOf(topDrifted);
    }
  }

  /** One violated data-quality constraint ({@code check} by its lower-case name). */
  public record QualityViolation(
      String feature, String check, double observed, double limit, String message) {}

  /** Data quality of the window's rows. */
  public record DataQuality(long rows, List<QualityViolation> violations) {
    public DataQuality {
      violations = List.copyOf(violations);
    }
  }

  /** Drift of the model's predictions by each method. */
  public record PredictionDrift(List<Score> scores) {
    public PredictionDrift {
      scores = List.copyOf(scores);
    }
  }

  /**
   * A classifier's figures over the classes present in both the window and the baseline, with the
   * baseline's at the window's class mix; NaN where undefined.
   */
  public record Compared(
      List<Integer> classes,
      List<Integer> unmatched,
      long labels,
      String summary,
      String baselineAt,
      double accuracy,
      double baselineAccuracy,
      double macroF1,
      double baselineMacroF1) {
    public Compared {
      classes = List.copyOf(classes);
      unmatched = List.copyOf(unmatched);
    }
  }

  /**
   * Model quality from the joined labels: a classifier's {@code accuracy}, {@code macroF1}, {@code
   * classes} present and {@code compared}, or a regressor's {@code rmse} and {@code mae}; the other
   * figures null.
   */
  public record ModelQualityFigures(
      int labels,
      Double accuracy,
      Double macroF1,
      List<Integer> classes,
      Compared compared,
      Double rmse,
      Double mae) {
    public ModelQualityFigures {
      classes = classes == null ? null : List.copyOf(classes);
    }
  }

  /** The kinds this result lists: violations, incidents and alerts (empty before closing). */
  public WindowKinds kinds() {
    return new WindowKinds(
        violations,
        incidents == null ? Set.of() : new LinkedHashSet<>(incidents),
        alerts == null ? Set.of() : new LinkedHashSet<>(alerts));
  }

  /** This result as the closing pass stores it, with its incidents and alerts. */
  public WindowResult closed(List<ViolationKind> incidents, List<ViolationKind> alerts) {
    return new WindowResult(
        window,
        drift,
        dataQuality,
        predictionDrift,
        modelQuality,
        violations,
        incidents,
        alerts,
        modelQualityLate,
        modelQualityError);
  }

  /**
   * This result with model quality evaluated again from late labels: {@code figures} replace the
   * model quality (kept when null: no labels to judge), and {@code violations} the kinds.
   */
  public WindowResult withModelQuality(ModelQualityFigures figures, Set<ViolationKind> violations) {
    boolean replaced = figures != null;
    return new WindowResult(
        window,
        drift,
        dataQuality,
        predictionDrift,
        replaced ? figures : modelQuality,
        violations,
        incidents,
        alerts,
        modelQualityLate || (replaced && modelQuality == null),
        modelQualityError);
  }

  /** This result with an alert of {@code kind} raised late, its incident starting here. */
  public WindowResult withAlert(ViolationKind kind) {
    List<ViolationKind> a = new ArrayList<>(alerts == null ? List.of() : alerts);
    a.add(kind);
    List<ViolationKind> i = new ArrayList<>(incidents == null ? List.of() : incidents);
    if (!i.contains(kind)) {
      i.add(kind);
    }
    return new WindowResult(
        window,
        drift,
        dataQuality,
        predictionDrift,
        modelQuality,
        violations,
        i,
        a,
        modelQualityLate,
        modelQualityError);
  }

  /** This result with the error of a failed evaluation of late labels. */
  public WindowResult withModelQualityError(String message) {
    return new WindowResult(
        window,
        drift,
        dataQuality,
        predictionDrift,
        modelQuality,
        violations,
        incidents,
        alerts,
        modelQualityLate,
        message);
  }

  /**
   * The one-line summary of an alert of {@code kind} raised on this result; {@code modelViolations}
   * are the model-quality violations found with it (not stored in the result).
   */
  public String summary(ViolationKind kind, List<ModelViolation> modelViolations) {
    return switch (kind) {
      case DRIFT ->
          String.format(
              "%.1f%% of features drifted by %s (threshold %.1f%%) in window %d",
              100 * drift.driftedShare(),
              drift.decision(),
              100 * drift.featureShare(),
              window.start());
      case DATA_QUALITY ->
          dataQuality.violations().size()
              + " data-quality violations, first: "
              + dataQuality.violations().get(0).message();
      case PREDICTION_DRIFT -> "the distribution of the model's predictions drifted";
      case MODEL_QUALITY -> modelViolations.get(0).message();
    };
  }
}
