package dev.vernier.tuner.stopping;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Early stopping {@code auto} and {@code median}, the median stopping rule (Golovin et al. 2017,
 * Google Vizier) with a percentile as Optuna's PercentilePruner: stop a trial at epoch {@code e}
 * when the best objective it reached up to {@code e} is worse than the {@link
 * MedianRule#percentile()}-th percentile (counted from the best, linear interpolation; 50 is the
 * median) of the other trials' running averages at {@code e} (the mean of their first {@code e}
 * epochs). It decides only from epoch {@link MedianRule#minEpochs()} on and only when at least
 * {@link MedianRule#minTrials()} other trials (finished, stopped or still running, not failed)
 * reported epoch {@code e}. Every decision carries its inputs: {@code epoch}, {@code value} (the
 * trial's best so far), {@code percentileValue}, {@code comparedWith} and the settings.
 */
public final class MedianStopper implements EarlyStopper {
  private final String name;
  private final MedianRule rule;

  /** The rule called {@code median}, with {@code settings.median()}. */
  public MedianStopper(StopperSettings settings) {
    this("median", settings);
  }

  /**
   * @param name the name users wrote: {@code auto} or {@code median}
   */
  public MedianStopper(String name, StopperSettings settings) {
    this.name = name;
    this.rule = settings.median();
  }

  @Override
  public String name() {
    return name;
  }

  /** The settings this stopper decides with. */
  public MedianRule rule() {
    return rule;
  }

  @Override
  public StopDecision decide(TrialView trial, List<TrialView> others, Direction direction) {
    int e = trial.epochs();
    Map<String, Number> in = new LinkedHashMap<>();
    in.put("epoch", e);
    in.put("minTrials", rule.minTrials());
    in.put("minEpochs", rule.minEpochs());
    in.put("percentile", rule.percentile());
    if (e < rule.minEpochs()) {
      return StopDecision.proceed(
              "epoch " + e + " is before the median rule's first epoch " + rule.minEpochs())
          .with(in);
    }
    double best = Double.NaN;
    for (int i = 0; i < e; i++) {
      double v = trial.intermediate().get(i);
      if (direction.isBetter(v, best)) {
        best = v;
      }
    }
    if (Double.isFinite(best)) {
      in.put("value", best);
    }
    List<Double> averages = new ArrayList<>();
    for (TrialView o : others) {
      if (o.id() == trial.id() || o.state() == TrialView.State.FAILED || o.epochs() < e) {
        continue;
      }
      double sum = 0;
      for (int i = 0; i < e; i++) {
        sum += o.intermediate().get(i);
      }
      if (Double.isFinite(sum)) {
        averages.add(sum / e);
      }
    }
    int m = averages.size();
    in.put("comparedWith", m);
    if (m < rule.minTrials()) {
      return StopDecision.proceed(
              "only "
                  + m
                  + " other trials reported epoch "
                  + e
                  + "; the median rule needs "
                  + rule.minTrials())
          .with(in);
    }
    double threshold = percentile(averages, rule.percentile(), direction);
    in.put("percentileValue", threshold);
    String which =
        rule.percentile() == 50
            ? "the median"
            : "the " + MedianRule.fmt(rule.percentile()) + "th percentile";
    if (Double.isNaN(best)) {
      return StopDecision.stop(
              "no finite objective up to epoch "
                  + e
                  + "; "
                  + which
                  + " of "
                  + m
                  + " trials is "
                  + fmt(threshold))
          .with(in);
    }
    String facts =
        " " + which + " " + fmt(threshold) + " of " + m + " trials' running averages at epoch " + e;
    if (direction.isBetter(threshold, best)) {
      return StopDecision.stop("best " + fmt(best) + " up to epoch " + e + " is worse than" + facts)
          .with(in);
    }
    return StopDecision.proceed(
            "best " + fmt(best) + " up to epoch " + e + " is not worse than" + facts)
        .with(in);
  }

  /**
   * The {@code p}-th percentile of {@code values} counted from the best (linear interpolation
   * between ranks, as numpy's default): p 0 is the best, 100 the worst, 50 the median.
   */
  static double percentile(List<Double> values, double p, Direction direction) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    if (direction == Direction.MAXIMIZE) {
      java.util.Collections.reverse(sorted);
    }
    double pos = p / 100 * (sorted.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.size() - 1, lo + 1);
    double f = pos - lo;
    return sorted.get(lo) + f * (sorted.get(hi) - sorted.get(lo));
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
