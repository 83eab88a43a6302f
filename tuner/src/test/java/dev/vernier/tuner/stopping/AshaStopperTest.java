package dev.vernier.tuner.stopping;

import static dev.vernier.tuner.stopping.MedianStopperTest.trial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AshaStopperTest {
  private static final AshaStopper ASHA = new AshaStopper(StopperSettings.defaults(27));

  @Test
  void rungsAreGeometricBelowTheMaximum() {
    assertEquals(List.of(1, 3, 9), ASHA.rungs());
    assertEquals(
        List.of(2, 4, 8, 16, 32),
        new AshaStopper(new StopperSettings(2, 2, 64, MedianRule.DEFAULTS)).rungs());
  }

  /**
   * Eight trials reached rung 1 with values 1..8 (minimising). A ninth arriving there is judged
   * among nine: the best ceil(9/3) = 3 go on.
   */
  @Test
  void aTrialGoesOnOnlyInTheBestThirdOfItsRung() {
    List<TrialView> others = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      others.add(trial(i, TrialView.State.RUNNING, (double) i, 0.0, 0.0));
    }
    StopDecision third =
        ASHA.decide(trial(99, TrialView.State.RUNNING, 2.5), others, Direction.MINIMIZE);
    assertEquals(StopDecision.Kind.CONTINUE, third.kind());
    assertEquals(
        "2.500 ranks 3 of 9 trials at rung epoch 1 of [1, 3, 9]; the best 3 (1/3) go on",
        third.reason());
    StopDecision fourth =
        ASHA.decide(trial(99, TrialView.State.RUNNING, 3.5), others, Direction.MINIMIZE);
    assertEquals(StopDecision.Kind.STOP, fourth.kind());
    assertEquals(
        "3.500 ranks 4 of 9 trials at rung epoch 1 of [1, 3, 9]; the best 3 (1/3) go on",
        fourth.reason());
    // maximising, 3.5 is beaten by 4..8: rank 6
    assertEquals(
        StopDecision.Kind.STOP,
        ASHA.decide(trial(99, TrialView.State.RUNNING, 3.5), others, Direction.MAXIMIZE).kind());
  }

  @Test
  void promotionAtTheSecondRungComparesOnlyTrialsThatReachedIt() {
    List<TrialView> others = new ArrayList<>();
    others.add(trial(1, TrialView.State.RUNNING, 1.0, 0.9, 0.50));
    others.add(trial(2, TrialView.State.STOPPED, 1.0, 0.8, 0.40));
    others.add(trial(3, TrialView.State.RUNNING, 1.0, 0.7)); // not at rung 3 yet
    others.add(trial(4, TrialView.State.FAILED, 1.0, 0.1, 0.01)); // failed: not evidence
    // with itself, 3 trials at rung 3: the best ceil(3/3) = 1 goes on
    assertEquals(
        StopDecision.Kind.CONTINUE,
        ASHA.decide(trial(9, TrialView.State.RUNNING, 2.0, 2.0, 0.30), others, Direction.MINIMIZE)
            .kind());
    assertEquals(
        StopDecision.Kind.STOP,
        ASHA.decide(trial(9, TrialView.State.RUNNING, 2.0, 2.0, 0.45), others, Direction.MINIMIZE)
            .kind());
  }

  @Test
  void neverWaitsAndDoesNotJudgeBetweenRungs() {
    StopDecision first =
        ASHA.decide(trial(1, TrialView.State.RUNNING, 9.0), List.of(), Direction.MINIMIZE);
    assertEquals(StopDecision.Kind.CONTINUE, first.kind());
    assertTrue(first.reason().startsWith("9.000 ranks 1 of 1 trials"), first.reason());
    StopDecision between =
        ASHA.decide(trial(1, TrialView.State.RUNNING, 9.0, 9.0), List.of(), Direction.MINIMIZE);
    assertEquals("next rung at epoch 3 (rungs [1, 3, 9])", between.reason());
    List<Double> all = new ArrayList<>();
    for (int i = 0; i < 27; i++) {
      all.add(1.0);
    }
    TrialView done = new TrialView(1, TrialView.State.RUNNING, java.util.Map.of(), null, all);
    assertEquals(
        "reached the last epoch 27", ASHA.decide(done, List.of(), Direction.MINIMIZE).reason());
    TrialView past =
        new TrialView(1, TrialView.State.RUNNING, java.util.Map.of(), null, all.subList(0, 12));
    assertEquals(
        "no rung left before epoch 27", ASHA.decide(past, List.of(), Direction.MINIMIZE).reason());
  }
}
