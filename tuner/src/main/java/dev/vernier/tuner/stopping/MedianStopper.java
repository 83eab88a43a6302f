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
 * reported epoch {@code e}. With {@link MedianRule#minRankCorrelation()} it also decides only at
 * epochs the job's own completed trials show to be predictive: their running averages at {@code e}
 * must rank as their objectives do (Spearman), since a rule that compares trials at epoch {@code e}
 * assumes that. Every decision carries its inputs: {@code epoch}, {@code value} (the trial's best
 * so far), {@code percentileValue}, {@code comparedWith}, {@code rankCorrelation} and {@code
 * rankCheckedWith} where checked, and the settings.
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
    if (rule.minRankCorrelation() != null) {
      in.put("minRankCorrelation", rule.minRankCorrelation());
    }
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
    // completed trials that ran past e: their running average at e and their objective, for the
    // rank check
    List<double[]> finished = new ArrayList<>();
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
        if (o.state() == TrialView.State.COMPLETED
            && o.epochs() > e
            && o.objective() != null
            && Double.isFinite(o.objective())) {
          finished.add(new double[] {sum / e, o.objective()});
        }
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
      // checked only for a trial the rule would stop: one it keeps needs no evidence
      String worse = "best " + fmt(best) + " up to epoch " + e + " is worse than" + facts;
      StopDecision wait = rankCheck(finished, e, worse, in);
      if (wait != null) {
        return wait;
      }
      String checked =
          in.containsKey("rankCorrelation")
              ? " (at epoch "
                  + e
                  + " the "
                  + in.get("rankCheckedWith")
                  + " completed trials' running averages ranked their objectives with Spearman "
                  + fmt(in.get("rankCorrelation").doubleValue())
                  + ")"
              : "";
      return StopDecision.stop(worse + checked).with(in);
    }
    return StopDecision.proceed(
            "best " + fmt(best) + " up to epoch " + e + " is not worse than" + facts)
        .with(in);
  }

  /**
   * For a trial below the percentile ({@code worse} says so), with {@link
   * MedianRule#minRankCorrelation()}: a decision to go on when the completed trials that ran past
   * epoch {@code e} ({@code pairs}: running average at {@code e}, objective) are too few or do not
   * show that running averages at {@code e} rank as objectives do; null when the rule may stop it.
   * Puts {@code rankCorrelation} and {@code rankCheckedWith} into {@code in}.
   */
  private StopDecision rankCheck(
      List<double[]> pairs, int e, String worse, Map<String, Number> in) {
    Double min = rule.minRankCorrelation();
    if (min == null) {
      return null;
    }
    in.put("rankCheckedWith", pairs.size());
    if (pairs.size() < MedianRule.RANK_CHECK_TRIALS) {
      return StopDecision.proceed(
              worse
                  + ", but only "
                  + pairs.size()
                  + " completed trials ran past epoch "
                  + e
                  + " to show whether it predicts a result; the median rule's rank check needs "
                  + MedianRule.RANK_CHECK_TRIALS)
          .with(in);
    }
    double[] avg = new double[pairs.size()];
    double[] obj = new double[pairs.size()];
    for (int i = 0; i < avg.length; i++) {
      avg[i] = pairs.get(i)[0];
      obj[i] = pairs.get(i)[1];
    }
    double rho = RankCorrelation.spearman(avg, obj);
    in.put("rankCorrelation", rho);
    if (rho < min) {
      return StopDecision.proceed(
              worse
                  + ", but too early to judge: the "
                  + avg.length
                  + " completed trials' running averages at epoch "
                  + e
                  + " rank as their objectives with Spearman "
                  + fmt(rho)
                  + ", below minRankCorrelation "
                  + MedianRule.fmt(min))
          .with(in);
    }
    return null;
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
