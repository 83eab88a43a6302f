package dev.vernier.tuner.stopping;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Early stopping {@code auto}, the median stopping rule (Golovin et al. 2017, Google Vizier): stop
 * a trial at epoch {@code e} when the best objective it reached up to {@code e} is worse than the
 * median of the other trials' running averages at {@code e} (the mean of their first {@code e}
 * epochs). It decides only from epoch {@code minEpochs} on and only when at least {@code minTrials}
 * other trials (finished, stopped or still running, not failed) reported epoch {@code e}.
 */
public final class MedianStopper implements EarlyStopper {
  private final int minTrials;
  private final int minEpochs;

  public MedianStopper(StopperSettings settings) {
    this.minTrials = settings.minTrials();
    this.minEpochs = settings.minEpochs();
  }

  @Override
  public String name() {
    return "auto";
  }

  @Override
  public StopDecision decide(TrialView trial, List<TrialView> others, Direction direction) {
    int e = trial.epochs();
    if (e < minEpochs) {
      return StopDecision.proceed(
          "epoch " + e + " is before the median rule's first epoch " + minEpochs);
    }
    double best = Double.NaN;
    for (int i = 0; i < e; i++) {
      double v = trial.intermediate().get(i);
      if (direction.isBetter(v, best)) {
        best = v;
      }
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
    if (averages.size() < minTrials) {
      return StopDecision.proceed(
          "only "
              + averages.size()
              + " other trials reported epoch "
              + e
              + "; the median rule needs "
              + minTrials);
    }
    averages.sort(Double::compare);
    int m = averages.size();
    double median =
        m % 2 == 1 ? averages.get(m / 2) : (averages.get(m / 2 - 1) + averages.get(m / 2)) / 2;
    if (Double.isNaN(best)) {
      return StopDecision.stop(
          "no finite objective up to epoch "
              + e
              + "; the median of "
              + m
              + " trials is "
              + fmt(median));
    }
    String facts =
        " the median " + fmt(median) + " of " + m + " trials' running averages at epoch " + e;
    if (direction.isBetter(median, best)) {
      return StopDecision.stop(
          "best " + fmt(best) + " up to epoch " + e + " is worse than" + facts);
    }
    return StopDecision.proceed(
        "best " + fmt(best) + " up to epoch " + e + " is not worse than" + facts);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
