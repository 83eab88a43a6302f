package dev.vernier.tuner.stopping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The median rule's settings: a slow starter survives the cautious settings, the rank check holds
 * the rule back where early epochs did not predict results, and decisions keep their inputs.
 */
class MedianRuleTest {

  static TrialView trial(long id, TrialView.State state, List<Double> values) {
    return new TrialView(id, state, Map.of("x", (Object) 1.0), null, values);
  }

  /**
   * Eight finished trials (accuracy, maximised) that start at 0.70-0.84 and gain 0.06 by halves,
   * and a slow starter (a low learning rate): last at epoch 1 (0.55), best of all at epoch 9.
   */
  static List<TrialView> fastStarters() {
    List<TrialView> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      List<Double> c = new ArrayList<>();
      for (int e = 1; e <= 9; e++) {
        c.add(0.70 + 0.02 * i + 0.06 * (1 - Math.pow(0.5, e - 1)));
      }
      out.add(trial(i, TrialView.State.STOPPED, c));
    }
    return out;
  }

  static final List<Double> SLOW = List.of(0.55, 0.72, 0.82, 0.85, 0.87, 0.88, 0.885, 0.89, 0.90);

  /** The first epoch at which {@code rule} stops the slow starter, or 0 when it never does. */
  static int stoppedAt(MedianRule rule) {
    MedianStopper s = new MedianStopper(StopperSettings.defaults(9).withMedian(rule));
    for (int e = 1; e <= 9; e++) {
      TrialView t = trial(99, TrialView.State.RUNNING, SLOW.subList(0, e));
      if (s.decide(t, fastStarters(), Direction.MAXIMIZE).shouldStop()) {
        return e;
      }
    }
    return 0;
  }

  @Test
  void aSlowStarterSurvivesTheDefaultsButNotARuleFromEpochOne() {
    double bestOther =
        fastStarters().stream().mapToDouble(t -> t.intermediate().get(8)).max().orElseThrow();
    assertEquals(true, SLOW.get(8) > bestOther, "the slow starter is the eventual best");
    assertEquals(1, stoppedAt(new MedianRule(5, 1, 50)), "the rule before issue 17 stops it");
    assertEquals(1, stoppedAt(MedianRule.LEGACY));
    assertEquals(0, stoppedAt(MedianRule.CAUTIOUS), "from epoch 3 the slow starter is kept");
    assertEquals(
        0, stoppedAt(MedianRule.DEFAULTS), "auto: no completed trial has shown epoch 1 predicts");
  }

  static TrialView completed(long id, List<Double> values) {
    return new TrialView(
        id,
        TrialView.State.COMPLETED,
        Map.of("x", (Object) 1.0),
        values.get(values.size() - 1),
        values);
  }

  /**
   * Completed trials whose epoch-1 values rank opposite to their results (the noisy case: the one
   * that starts best ends worst), and whose epoch-3 running averages rank as their results do.
   */
  static List<TrialView> noisyStarters() {
    List<TrialView> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      out.add(
          completed(
              i, List.of(0.80 - 0.05 * i, 0.70 + 0.05 * i, 0.60 + 0.15 * i, 0.70 + 0.05 * i)));
    }
    return out;
  }

  @Test
  void theRankCheckWaitsForAnEpochThatPredictedTheCompletedTrials() {
    MedianStopper auto = new MedianStopper(StopperSettings.defaults(4));
    List<TrialView> others = noisyStarters();
    // epoch 1: the completed trials' epoch-1 values rank them backwards (Spearman -1)
    StopDecision d =
        auto.decide(trial(99, TrialView.State.RUNNING, List.of(0.5)), others, Direction.MAXIMIZE);
    assertEquals(StopDecision.Kind.CONTINUE, d.kind(), d.reason());
    assertEquals(-1.0, d.inputs().get("rankCorrelation").doubleValue(), 1e-12);
    assertEquals(4, d.inputs().get("rankCheckedWith"));
    assertEquals(
        "best 0.5000 up to epoch 1 is worse than the 25th percentile 0.7625 of 4 trials' running"
            + " averages at epoch 1, but too early to judge: the 4 completed trials' running"
            + " averages at epoch 1 rank as their objectives with Spearman -1.000, below"
            + " minRankCorrelation 0.5",
        d.reason());
    // without the check the same trial is stopped at once
    MedianStopper unchecked =
        new MedianStopper(StopperSettings.defaults(4).withMedian(new MedianRule(4, 1, 25)));
    assertEquals(
        true,
        unchecked
            .decide(trial(99, TrialView.State.RUNNING, List.of(0.5)), others, Direction.MAXIMIZE)
            .shouldStop());
    // epoch 3: running averages 0.70, 0.733, 0.767, 0.80 rank as the results 0.70-0.85 (1.0)
    d =
        auto.decide(
            trial(99, TrialView.State.RUNNING, List.of(0.5, 0.5, 0.5)), others, Direction.MAXIMIZE);
    assertEquals(StopDecision.Kind.STOP, d.kind(), d.reason());
    assertEquals(1.0, d.inputs().get("rankCorrelation").doubleValue(), 1e-12);
    assertEquals(
        "best 0.5000 up to epoch 3 is worse than the 25th percentile 0.8125 of 4 trials' running"
            + " averages at epoch 3 (at epoch 3 the 4 completed trials' running averages ranked"
            + " their objectives with Spearman 1.000)",
        d.reason());
  }

  @Test
  void theRankCheckReadsAMinimisedObjectiveTheSameWay() {
    // the same curves as losses (1 - accuracy): epoch 1 still ranks the results backwards
    List<TrialView> losses = new ArrayList<>();
    for (TrialView t : noisyStarters()) {
      losses.add(completed(t.id(), t.intermediate().stream().map(v -> 1 - v).toList()));
    }
    MedianStopper auto = new MedianStopper(StopperSettings.defaults(4));
    StopDecision d =
        auto.decide(trial(99, TrialView.State.RUNNING, List.of(0.5)), losses, Direction.MINIMIZE);
    assertEquals(StopDecision.Kind.CONTINUE, d.kind(), d.reason());
    assertEquals(-1.0, d.inputs().get("rankCorrelation").doubleValue(), 1e-12);
    d =
        auto.decide(
            trial(99, TrialView.State.RUNNING, List.of(0.5, 0.5, 0.5)), losses, Direction.MINIMIZE);
    assertEquals(StopDecision.Kind.STOP, d.kind(), d.reason());
    assertEquals(1.0, d.inputs().get("rankCorrelation").doubleValue(), 1e-12);
  }

  @Test
  void aTrialAboveThePercentileGoesOnWithoutTheCheck() {
    StopDecision d =
        new MedianStopper(StopperSettings.defaults(4))
            .decide(
                trial(99, TrialView.State.RUNNING, List.of(0.9)),
                noisyStarters(),
                Direction.MAXIMIZE);
    assertEquals(StopDecision.Kind.CONTINUE, d.kind(), d.reason());
    assertEquals(null, d.inputs().get("rankCorrelation"));
    assertEquals(0.5, d.inputs().get("minRankCorrelation"));
  }

  @Test
  void theRankCheckCountsOnlyCompletedTrialsThatRanPastTheEpoch() {
    MedianStopper auto = new MedianStopper(StopperSettings.defaults(4));
    List<TrialView> others = new ArrayList<>(noisyStarters().subList(0, 2));
    // stopped and running trials count for the percentile but not for the rank check
    others.add(trial(10, TrialView.State.STOPPED, List.of(0.9, 0.9)));
    others.add(trial(11, TrialView.State.RUNNING, List.of(0.9, 0.9, 0.9)));
    // a completed trial of one epoch says nothing about what epoch 1 predicts
    others.add(completed(12, List.of(0.9)));
    // nor one whose epochs are not numbers (a diverged run), nor one without a finite objective
    others.add(completed(13, List.of(Double.NaN, 0.9)));
    others.add(completed(14, List.of(0.9, Double.POSITIVE_INFINITY)));
    StopDecision d =
        auto.decide(trial(99, TrialView.State.RUNNING, List.of(0.1)), others, Direction.MAXIMIZE);
    assertEquals(StopDecision.Kind.CONTINUE, d.kind(), d.reason());
    assertEquals(2, d.inputs().get("rankCheckedWith"));
    assertEquals(
        "best 0.1000 up to epoch 1 is worse than the 25th percentile 0.9000 of 6 trials' running"
            + " averages at epoch 1, but only 2 completed trials ran past epoch 1 to show whether it"
            + " predicts a result; the median rule's rank check needs 3",
        d.reason());
  }

  @Test
  void aDecisionCarriesItsInputs() {
    MedianStopper s =
        new MedianStopper(StopperSettings.defaults(9).withMedian(MedianRule.CAUTIOUS));
    StopDecision d =
        s.decide(
            trial(99, TrialView.State.RUNNING, List.of(0.5, 0.5, 0.5)),
            fastStarters(),
            Direction.MAXIMIZE);
    assertEquals(StopDecision.Kind.STOP, d.kind(), d.reason());
    assertEquals(
        List.of(
            "epoch",
            "minTrials",
            "minEpochs",
            "percentile",
            "value",
            "comparedWith",
            "percentileValue"),
        List.copyOf(d.inputs().keySet()));
    assertEquals(3, d.inputs().get("epoch"));
    assertEquals(0.5, d.inputs().get("value"));
    assertEquals(8, d.inputs().get("comparedWith"));
    // running averages at epoch 3: 0.70 + 0.02 i + (0 + 0.03 + 0.045) / 3; the median is i = 3.5
    assertEquals(0.795, d.inputs().get("percentileValue").doubleValue(), 1e-12);
    assertEquals(50.0, d.inputs().get("percentile"));
  }

  @Test
  void thePercentileCountsFromTheBest() {
    List<Double> v = List.of(1.0, 2.0, 3.0, 4.0, 5.0);
    assertEquals(3.0, MedianStopper.percentile(v, 50, Direction.MINIMIZE));
    assertEquals(2.0, MedianStopper.percentile(v, 25, Direction.MINIMIZE));
    assertEquals(4.0, MedianStopper.percentile(v, 25, Direction.MAXIMIZE));
    assertEquals(1.0, MedianStopper.percentile(v, 100, Direction.MAXIMIZE));
    // 25 keeps only the best quarter: a trial at 3.5 (minimised) goes on at 75, stops at 25
    MedianStopper strict =
        new MedianStopper(StopperSettings.defaults(9).withMedian(new MedianRule(5, 1, 25)));
    MedianStopper lenient =
        new MedianStopper(StopperSettings.defaults(9).withMedian(new MedianRule(5, 1, 75)));
    List<TrialView> others = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      others.add(trial(i, TrialView.State.STOPPED, List.of(v.get(i))));
    }
    TrialView t = trial(99, TrialView.State.RUNNING, List.of(3.5));
    assertEquals(true, strict.decide(t, others, Direction.MINIMIZE).shouldStop());
    assertEquals(false, lenient.decide(t, others, Direction.MINIMIZE).shouldStop());
  }

  @Test
  void settingsOutOfRangeNameTheFieldAndTheDescriptionShowsThem() {
    assertEquals(
        "minTrials: must be between 1 and 1000, got 0",
        assertThrows(InvalidInputException.class, () -> new MedianRule(0, 1, 50)).getMessage());
    assertThrows(InvalidInputException.class, () -> new MedianRule(5, 0, 50));
    assertThrows(InvalidInputException.class, () -> new MedianRule(5, 1, 0.5));
    assertThrows(InvalidInputException.class, () -> new MedianRule(5, 1, Double.NaN));
    assertEquals(
        "median (minTrials 5, minEpochs 3, percentile 50)", MedianRule.CAUTIOUS.describe());
    assertEquals(
        "median (minTrials 4, minEpochs 1, percentile 25, minRankCorrelation 0.5)",
        MedianRule.DEFAULTS.describe());
    assertEquals(
        "minRankCorrelation: must be between 0 and 1, got 1.5",
        assertThrows(InvalidInputException.class, () -> new MedianRule(5, 1, 50, 1.5))
            .getMessage());
    assertThrows(InvalidInputException.class, () -> new MedianRule(5, 1, 50, Double.NaN));
    assertEquals(
        "median (minTrials 4, minEpochs 2, percentile 37.5)",
        new MedianRule(4, 2, 37.5).describe());
  }
}
