package dev.vernier.monitor.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LabelJoinRulesTest {
  static InferenceEvent event(String id, long time, double prediction) {
    return new InferenceEvent(id, time, new float[] {1, 2}, new int[0], prediction);
  }

  static LabelEvent label(String id, double label) {
    return new LabelEvent(id, 0, label);
  }

  @Test
  void onlyEventsWithAPredictionWaitForALabel() {
    List<InferenceEvent> all = List.of(event("a", 1, 0.5), event("b", 2, 1));
    assertSame(all, LabelJoinRules.waiting(all), "nothing to drop: the same list");
    List<InferenceEvent> mixed = List.of(event("a", 1, Double.NaN), event("b", 2, 1));
    assertEquals(
        List.of("b"), LabelJoinRules.waiting(mixed).stream().map(e -> e.inferenceId()).toList());
  }

  @Test
  void theHorizonCountsBackFromTheNewestEventTimeOfTheBatch() {
    Duration hour = Duration.ofHours(1);
    assertEquals(
        OptionalLong.of(10_000_000 - 3_600_000),
        LabelJoinRules.expiryCutoff(
            List.of(event("a", 9_000_000, 1), event("b", 10_000_000, 1), event("c", 5, 1)), hour),
        "event time, in any order");
    assertEquals(OptionalLong.empty(), LabelJoinRules.expiryCutoff(List.of(), hour));
  }

  @Test
  void aLabelJoinsItsPredictionInItsWindowOnce() {
    byte[] row = {1, 2, 3, 4};
    LabelMatch m =
        LabelJoinRules.match(
            List.of(label("a", 1), label("b", 0), label("a", 0), label("zz", 1)),
            List.of(
                new PendingPrediction("b", 2_000, 0.25, null),
                new PendingPrediction("a", 1_000, 0.75, row)));
    assertEquals(2, m.joined());
    assertEquals(2, m.unmatched(), "the second label of a and the unknown zz");
    assertEquals(List.of("b", "a"), m.matched());
    assertArrayEquals(new float[] {0.75f, 1}, m.pairs().get(1_000L), "the first label of a");
    assertArrayEquals(new float[] {0.25f, 0}, m.pairs().get(2_000L));
    assertEquals(List.of(1_000L), List.copyOf(m.captured().keySet()), "b kept no features");
    assertArrayEquals(row, m.captured().get(1_000L).rows().get(0));
    assertArrayEquals(new float[] {1}, m.captured().get(1_000L).labels());
  }

  @Test
  void aLabelDeliveredAgainFindsNothingAndIsUnmatched() {
    LabelMatch m = LabelJoinRules.match(List.of(label("a", 1)), List.of());
    assertEquals(0, m.joined());
    assertEquals(1, m.unmatched());
    assertTrue(m.pairs().isEmpty());
  }

  @Test
  void aClosedWindowIsEvaluatedAgainOnlyWithNewLabels() {
    assertTrue(LabelJoinRules.needsReevaluation(31, 30));
    assertFalse(LabelJoinRules.needsReevaluation(30, 30));
    assertFalse(LabelJoinRules.needsReevaluation(0, 0));
  }
}
