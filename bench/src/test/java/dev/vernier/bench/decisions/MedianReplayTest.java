package dev.vernier.bench.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.tuner.stopping.MedianRule;
import dev.vernier.tuner.stopping.MedianStopper;
import dev.vernier.tuner.stopping.StopperSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replaying stopping rules over recorded curves: the schedule and the counts. */
class MedianReplayTest {

  /** Trial t's epoch e (1-based) at value v, each epoch taking {@code ms}. */
  private static void trial(List<String> rows, int t, double[] values, long ms) {
    long start = 1_000L * t;
    for (int e = 1; e <= values.length; e++) {
      rows.add(
          "random-off,1,"
              + t
              + ",COMPLETED,"
              + start
              + ","
              + e
              + ","
              + values[e - 1]
              + ","
              + (start + e * ms));
    }
  }

  private static List<CurveFile.Curve> curves() {
    List<String> rows = new ArrayList<>();
    rows.add(CurveFile.HEADER);
    trial(rows, 1, new double[] {0.5, 0.6, 0.7}, 10);
    trial(rows, 2, new double[] {0.6, 0.7, 0.8}, 10);
    trial(rows, 3, new double[] {0.55, 0.65, 0.75}, 10);
    trial(rows, 4, new double[] {0.1, 0.2, 0.9}, 10); // a slow starter, the eventual best
    trial(rows, 5, new double[] {0.2, 0.3, 0.4}, 10);
    List<CurveFile.Job> jobs = CurveFile.parse(rows);
    assertEquals(1, jobs.size());
    assertEquals(5, jobs.get(0).trials().size());
    assertEquals(List.of(10L, 10L, 10L), jobs.get(0).trials().get(0).durations());
    return jobs.get(0).trials();
  }

  @Test
  void offRunsEveryEpoch() {
    MedianReplay.Outcome o = MedianReplay.replay(curves(), null, 2);
    assertEquals(15, o.epochs());
    assertEquals(0.9, o.best(), 1e-12);
  }

  @Test
  void aRuleFromEpochOneStopsTheSlowStarterAndLosesTheBest() {
    MedianStopper rule =
        new MedianStopper(StopperSettings.defaults(3).withMedian(new MedianRule(2, 1, 50)));
    MedianReplay.Outcome o = MedianReplay.replay(curves(), rule, 2);
    // trials 1-2 run alone (epoch 1: one other), trial 3 goes on, 4 and 5 stop at epoch 1
    assertEquals(3 + 3 + 3 + 1 + 1, o.epochs());
    assertEquals(0.8, o.best(), 1e-12);
  }

  @Test
  void aLaterFirstEpochKeepsIt() {
    MedianStopper rule =
        new MedianStopper(StopperSettings.defaults(3).withMedian(new MedianRule(2, 3, 50)));
    MedianReplay.Outcome o = MedianReplay.replay(curves(), rule, 2);
    assertEquals(15, o.epochs()); // at the last epoch nothing is left to save
    assertEquals(0.9, o.best(), 1e-12);
  }

  @Test
  void epochsToReachCountEveryTrialsEpochsUntilOneEndsThere() {
    // 2 slots, every epoch 10 ms: trials 1-2 end at 30 ms (6 epochs), 3-4 at 60 ms (12), 5 at 90
    assertEquals(6, MedianReplay.epochsToReach(curves(), null, 2, 0.8));
    assertEquals(12, MedianReplay.epochsToReach(curves(), null, 2, 0.85)); // trial 4's 0.9
    assertEquals(-1, MedianReplay.epochsToReach(curves(), null, 2, 0.95));
    // the rule from epoch 1 stops trial 4 there: 0.9 is never reached, 0.8 still at 6
    MedianStopper rule =
        new MedianStopper(StopperSettings.defaults(3).withMedian(new MedianRule(2, 1, 50)));
    assertEquals(-1, MedianReplay.epochsToReach(curves(), rule, 2, 0.85));
    assertEquals(6, MedianReplay.epochsToReach(curves(), rule, 2, 0.8));
  }
}
