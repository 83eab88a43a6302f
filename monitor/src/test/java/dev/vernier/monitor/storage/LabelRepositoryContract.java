package dev.vernier.monitor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.event.LabelEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of every {@link LabelRepository}. */
public abstract class LabelRepositoryContract extends RepositoryContract {
  LabelRepository labels() {
    return repos.labels();
  }

  static LabelEvent label(long eventTime, double label) {
    return new LabelEvent("e" + eventTime, eventTime, label);
  }

  /** Interleaved (prediction, label) pairs as sorted text. */
  static List<String> pairs(float[] interleaved) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < interleaved.length; i += 2) {
      out.add(interleaved[i] + "->" + interleaved[i + 1]);
    }
    out.sort(null);
    return out;
  }

  @Test
  void labelsJoinTheirPredictionsInTheirWindowOnce() {
    ingest(List.of(event(100, 0.25), event(200, 0.75), event(1_100, 1)), List.of());
    assertEquals(3, labels().awaitingLabels(ID, List.of(0L, 1_000L)));
    IngestBatch.Result r = ingest(List.of(), List.of(label(200, 1), label(100, 0), label(999, 1)));
    assertEquals(2, r.labelsJoined());
    assertEquals(1, r.labelsUnmatched(), "no prediction e999");
    assertEquals(
        List.of("0.25->0.0", "0.75->1.0"), pairs(labels().windowLabels(ID, 0)), "in any order");
    assertEquals(0, labels().windowLabels(ID, 1_000).length, "none joined there");
    assertEquals(0, labels().awaitingLabels(ID, List.of(0L)));
    assertEquals(1, labels().awaitingLabels(ID, List.of(0L, 1_000L)));
    assertEquals(0, labels().awaitingLabels(ID, List.of()));
    IngestBatch.Result again = ingest(List.of(), List.of(label(200, 1)));
    assertEquals(0, again.labelsJoined());
    assertEquals(1, again.labelsUnmatched(), "a label delivered twice counts once");
  }

  @Test
  void capturedRowsComeBackWithTheirLabelsFromAWindowOn() {
    ingest(List.of(event(100, 1), event(1_100, 1), event(2_100, 1)), List.of());
    ingest(List.of(), List.of(label(100, 0), label(1_100, 1), label(2_100, 0)));
    LabelRepository.Captured all = labels().captured(ID, COLS, Long.MIN_VALUE);
    assertEquals(3, all.rows());
    assertEquals(List.of(0L, 1_000L, 2_000L), all.windows());
    LabelRepository.Captured later = labels().captured(ID, COLS, 1_000);
    assertEquals(2, later.rows());
    assertArrayEquals(new float[] {1_100, 1, 2_100, 1}, later.features());
    assertArrayEquals(new float[] {1, 0}, later.labels());
    assertEquals(2, labels().capturedRows(ID, 1_000));
    assertEquals(0, labels().capturedRows(ID, 5_000));
  }

  @Test
  void predictionsPastTheHorizonExpireAndTheirLabelsAreUnmatched() {
    ingest(List.of(event(0, 1)), List.of());
    ingest(List.of(event(HORIZON.toMillis() + 1, 1)), List.of());
    assertEquals(1L, repos.monitors().counters(ID).get("labels_expired"));
    assertEquals(0, labels().awaitingLabels(ID, List.of(0L)));
    assertEquals(1, ingest(List.of(), List.of(label(0, 1))).labelsUnmatched());
  }

  @Test
  void lateLabelsOfAClosedWindowAreEvaluatedAgainOnce() {
    ingest(List.of(event(100, 1), event(200, 0)), List.of());
    ingest(List.of(), List.of(label(100, 1)));
    close(0, 5_000, 0, List.of(), List.of()); // evaluated with 0 labels
    ingest(List.of(), List.of(label(200, 0)));
    assertEquals(List.of(new LabelRepository.Relabelled(0, 0, 2)), labels().relabelled(ID));
    RaisedAlerts none = new RaisedAlerts(List.of(), 6_000, 0, List.of());
    assertTrue(labels().reevaluate(ID, 0, 1, 2, "{\"again\":1}", none).changed(), "stale");
    WindowWrite w = labels().reevaluate(ID, 0, 0, 2, "{\"again\":2}", none);
    assertFalse(w.changed());
    assertEquals(List.of(), labels().relabelled(ID));
    assertEquals("{\"again\":2}", repos.windows().windows(ID, 1).get(0).resultJson());
    assertEquals(1L, repos.monitors().counters(ID).get("windows_reevaluated"));
    assertTrue(labels().reevaluate(ID, 0, 0, 2, "{}", none).changed(), "once");
  }
}
