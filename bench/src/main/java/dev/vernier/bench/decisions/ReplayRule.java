package dev.vernier.bench.decisions;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.stopping.EarlyStopper;
import dev.vernier.tuner.stopping.StopDecision;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Variants of the median rule for {@link MedianReplay} to compare (maximising only): the trial's
 * best value up to epoch {@code e} against the {@code percentile}-th percentile (from the best) of
 * the other trials' {@code statistic} at {@code e}, those trials being every one that reported
 * {@code e} ({@code completedOnly} false) or the completed ones only.
 *
 * @param statistic {@code avg} (running average, Vizier's), {@code best} (best so far) or {@code
 *     last} (the value at {@code e})
 */
record ReplayRule(
    int minTrials, int minEpochs, double percentile, String statistic, boolean completedOnly)
    implements EarlyStopper {

  @Override
  public String name() {
    return String.format(
        Locale.ROOT,
        "%s%s t%d e%d p%.0f",
        statistic,
        completedOnly ? "/completed" : "/all",
        minTrials,
        minEpochs,
        percentile);
  }

  @Override
  public StopDecision decide(TrialView trial, List<TrialView> others, Direction direction) {
    int e = trial.epochs();
    if (e < minEpochs) {
      return StopDecision.proceed("early");
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < e; i++) {
      best = Math.max(best, trial.intermediate().get(i));
    }
    List<Double> vals = new ArrayList<>();
    for (TrialView o : others) {
      if (o.epochs() < e || o.state() == TrialView.State.FAILED) {
        continue;
      }
      if (completedOnly && o.state() != TrialView.State.COMPLETED) {
        continue;
      }
      double s =
          switch (statistic) {
            case "avg" ->
                o.intermediate().subList(0, e).stream().mapToDouble(d -> d).average().orElseThrow();
            case "best" ->
                o.intermediate().subList(0, e).stream().mapToDouble(d -> d).max().orElseThrow();
            default -> o.intermediate().get(e - 1);
          };
      vals.add(s);
    }
    if (vals.size() < minTrials) {
      return StopDecision.proceed("few");
    }
    vals.sort((a, b) -> Double.compare(b, a));
    double pos = percentile / 100 * (vals.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(vals.size() - 1, lo + 1);
    double t = vals.get(lo) + (pos - lo) * (vals.get(hi) - vals.get(lo));
    return best < t ? StopDecision.stop("below") : StopDecision.proceed("above");
  }
}
