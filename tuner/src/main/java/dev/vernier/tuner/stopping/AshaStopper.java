package dev.vernier.tuner.stopping;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.List;

/**
 * Early stopping {@code hyperband}: asynchronous successive halving (ASHA, Li et al. 2020) with
 * epochs as the resource. Rungs lie at {@code minEpochs · eta^k} epochs below {@code maxEpochs} (1,
 * 3, 9, 27 for the defaults and 81 epochs). When a trial reaches a rung it goes on only if its
 * objective there ranks in the best {@code ceil(k / eta)} of the {@code k} trials that reached that
 * rung so far, itself included (ties favour it); otherwise it stops. A decision never waits for
 * other trials: the first trial at a rung always goes on, and later ones are judged against what
 * has arrived, so a fleet is never idle waiting for a rung to fill. Between rungs every trial goes
 * on.
 */
public final class AshaStopper implements EarlyStopper {
  private final int eta;
  private final int maxEpochs;
  private final List<Integer> rungs;

  public AshaStopper(StopperSettings settings) {
    this.eta = settings.eta();
    this.maxEpochs = settings.maxEpochs();
    List<Integer> r = new ArrayList<>();
    for (long e = settings.minEpochs(); e < maxEpochs; e *= eta) {
      r.add((int) e);
    }
    this.rungs = List.copyOf(r);
  }

  @Override
  public String name() {
    return "hyperband";
  }

  /** The epochs at which trials are judged. */
  public List<Integer> rungs() {
    return rungs;
  }

  @Override
  public StopDecision decide(TrialView trial, List<TrialView> others, Direction direction) {
    int e = trial.epochs();
    if (e >= maxEpochs) {
      return StopDecision.proceed("reached the last epoch " + maxEpochs);
    }
    if (!rungs.contains(e)) {
      return StopDecision.proceed(
          rungs.stream()
              .filter(r -> r > e)
              .findFirst()
              .map(r -> "next rung at epoch " + r + " (rungs " + rungs + ")")
              .orElse("no rung left before epoch " + maxEpochs));
    }
    double v = trial.intermediate().get(e - 1);
    int k = 1;
    int better = 0;
    for (TrialView o : others) {
      if (o.id() == trial.id() || o.state() == TrialView.State.FAILED || o.epochs() < e) {
        continue;
      }
      double w = o.intermediate().get(e - 1);
      if (Double.isNaN(w)) {
        continue;
      }
      k++;
      if (Double.isNaN(v) || direction.isBetter(w, v)) {
        better++;
      }
    }
    int keep = (k + eta - 1) / eta;
    String where =
        " at rung epoch " + e + " of " + rungs + "; the best " + keep + " (1/" + eta + ") go on";
    String value = Double.isNaN(v) ? "no value" : MedianStopper.fmt(v);
    if (better < keep) {
      return StopDecision.proceed(
          value + " ranks " + (better + 1) + " of " + k + " trials" + where);
    }
    return StopDecision.stop(value + " ranks " + (better + 1) + " of " + k + " trials" + where);
  }
}
