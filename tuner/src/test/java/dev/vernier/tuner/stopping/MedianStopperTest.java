package dev.vernier.tuner.stopping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MedianStopperTest {
  /** The median from epoch 3 after 5 trials (the defaults before issue 17's tuning). */
  private static final MedianStopper RULE =
      new MedianStopper(StopperSettings.defaults(10).withMedian(new MedianRule(5, 3, 50)));

  static TrialView trial(long id, TrialView.State state, Double... values) {
    return new TrialView(id, state, Map.of("x", (Object) 1.0), null, List.of(values));
  }

  /** Seven finished trials whose running averages at epoch 3 are 0.30, 0.32, ..., 0.42. */
  static List<TrialView> seven() {
    List<TrialView> out = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      double a = 0.30 + 0.02 * i;
      // values a + 0.1, a, a − 0.1 average to a
      out.add(trial(i, TrialView.State.STOPPED, a + 0.1, a, a - 0.1, a - 0.2));
    }
    return out;
  }

  @Test
  void stopsATrialWorseThanTheMedianOfRunningAverages() {
    TrialView t = trial(99, TrialView.State.RUNNING, 0.50, 0.45, 0.412);
    StopDecision d = RULE.decide(t, seven(), Direction.MINIMIZE);
    assertEquals(StopDecision.Kind.STOP, d.kind());
    assertEquals(
        "best 0.4120 up to epoch 3 is worse than the median 0.3600 of 7 trials' running averages"
            + " at epoch 3",
        d.reason());
  }

  @Test
  void keepsATrialAsGoodAsTheMedian() {
    TrialView t = trial(99, TrialView.State.RUNNING, 0.9, 0.36, 0.8);
    StopDecision d = RULE.decide(t, seven(), Direction.MINIMIZE);
    assertEquals(StopDecision.Kind.CONTINUE, d.kind(), d.reason());
    assertEquals(
        "best 0.3600 up to epoch 3 is not worse than the median 0.3600 of 7 trials' running"
            + " averages at epoch 3",
        d.reason());
  }

  @Test
  void maximisingFlipsTheComparison() {
    TrialView t = trial(99, TrialView.State.RUNNING, 0.50, 0.45, 0.412);
    assertEquals(StopDecision.Kind.CONTINUE, RULE.decide(t, seven(), Direction.MAXIMIZE).kind());
    TrialView low = trial(99, TrialView.State.RUNNING, 0.1, 0.2, 0.3);
    assertEquals(StopDecision.Kind.STOP, RULE.decide(low, seven(), Direction.MAXIMIZE).kind());
  }

  @Test
  void waitsForEnoughTrialsAndEpochsAndIgnoresFailures() {
    List<TrialView> few = new ArrayList<>(seven().subList(0, 4));
    few.add(trial(50, TrialView.State.FAILED, 0.0, 0.0, 0.0));
    few.add(trial(51, TrialView.State.RUNNING, 0.0, 0.0)); // has not reached epoch 3
    TrialView t = trial(99, TrialView.State.RUNNING, 5.0, 5.0, 5.0);
    assertEquals(
        "only 4 other trials reported epoch 3; the median rule needs 5",
        RULE.decide(t, few, Direction.MINIMIZE).reason());
    MedianStopper late =
        new MedianStopper(StopperSettings.defaults(10).withMedian(new MedianRule(5, 4, 50)));
    StopDecision d = late.decide(t, seven(), Direction.MINIMIZE);
    assertEquals(StopDecision.Kind.CONTINUE, d.kind());
    assertEquals("epoch 3 is before the median rule's first epoch 4", d.reason());
  }

  @Test
  void theTrialItselfIsNotItsOwnEvidence() {
    TrialView t = trial(3, TrialView.State.RUNNING, 5.0, 5.0, 5.0);
    List<TrialView> withSelf = new ArrayList<>(seven().subList(0, 4));
    withSelf.add(t);
    assertEquals(StopDecision.Kind.CONTINUE, RULE.decide(t, withSelf, Direction.MINIMIZE).kind());
  }
}
