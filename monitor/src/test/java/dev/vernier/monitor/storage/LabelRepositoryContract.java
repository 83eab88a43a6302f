package dev.vernier.monitor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.event.InferenceEvent;
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
    assertEquals(0, r.labelsUnmatched());
    assertEquals(1, r.labelsWaiting(), "no prediction e999 yet: it waits for it");
    assertEquals(
        List.of("0.25->0.0", "0.75->1.0"), pairs(labels().windowLabels(ID, 0)), "in any order");
    assertEquals(0, labels().windowLabels(ID, 1_000).length, "none joined there");
    assertEquals(0, labels().awaitingLabels(ID, List.of(0L)));
    assertEquals(1, labels().awaitingLabels(ID, List.of(0L, 1_000L)));
    assertEquals(0, labels().awaitingLabels(ID, List.of()));
    IngestBatch.Result again = ingest(List.of(), List.of(label(200, 1), label(200, 1)));
    assertEquals(0, again.labelsJoined(), "a label delivered twice counts once");
    assertEquals(1, again.labelsUnmatched(), "the second of the batch");
    assertEquals(
        List.of("0.25->0.0", "0.75->1.0"), pairs(labels().windowLabels(ID, 0)), "unchanged");
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
    IngestBatch.Result r = ingest(List.of(), List.of(label(0, 1)));
    assertEquals(0, r.labelsJoined());
    assertEquals(1, r.labelsWaiting(), "its prediction is gone: it waits, and will expire");
  }

  /** A batch received at {@code at} on the service's clock. */
  IngestBatch.Result ingestAt(long at, List<InferenceEvent> events, List<LabelEvent> labels) {
    return repos.ingest().ingest(ID, SECONDS, COLS, HORIZON, batch(events, labels).receivedAt(at));
  }

  @Test
  void aLabelBeforeItsEventWaitsAndJoinsWhenTheEventArrivesOnce() {
    IngestBatch.Result early = ingestAt(5_000, List.of(), List.of(label(100, 0)));
    assertEquals(0, early.labelsJoined());
    assertEquals(0, early.labelsUnmatched());
    assertEquals(1, early.labelsWaiting());
    assertEquals(1, labels().waitingLabels(ID));
    IngestBatch.Result twice = ingestAt(6_000, List.of(), List.of(label(100, 1)));
    assertEquals(0, twice.labelsWaiting());
    assertEquals(1, twice.labelsUnmatched(), "a second label of a waiting id is a duplicate");

    IngestBatch.Result events =
        ingestAt(7_000, List.of(event(100, 0.25), event(200, 1)), List.of());
    assertEquals(1, events.labelsJoined(), "the waiting label joined its prediction");
    assertEquals(List.of("0.25->0.0"), pairs(labels().windowLabels(ID, 0)), "the first label");
    assertEquals(0, labels().waitingLabels(ID));
    assertEquals(1, labels().awaitingLabels(ID, List.of(0L)), "only e200 still waits");
    LabelRepository.Captured captured = labels().captured(ID, COLS, Long.MIN_VALUE);
    assertArrayEquals(new float[] {100, 1}, captured.features(), "captured as a joined row");
    assertArrayEquals(new float[] {0}, captured.labels());
    assertEquals(1L, repos.monitors().counters(ID).get("labels_joined"));
    assertEquals(1L, repos.monitors().counters(ID).get("labels_waited"));
    assertEquals(1L, repos.monitors().counters(ID).get("labels_unmatched"));
  }

  @Test
  void aWaitingLabelExpiresOnceTheHorizonHasPassedOnTheIngestClock() {
    long t = 1_000_000;
    assertEquals(1, ingestAt(t, List.of(), List.of(label(100, 1))).labelsWaiting());
    ingestAt(t + HORIZON.toMillis(), List.of(), List.of());
    assertEquals(1, labels().waitingLabels(ID), "exactly the horizon: still waiting");
    ingestAt(t + HORIZON.toMillis() + 1, List.of(), List.of());
    assertEquals(0, labels().waitingLabels(ID), "past the horizon: dropped");
    assertEquals(1L, repos.monitors().counters(ID).get("labels_unmatched"));
    assertEquals(1L, repos.monitors().counters(ID).get("labels_wait_expired"));
    IngestBatch.Result events =
        ingestAt(t + HORIZON.toMillis() + 2, List.of(event(100, 1)), List.of());
    assertEquals(0, events.labelsJoined(), "its event came too late");
    assertEquals(0, labels().windowLabels(ID, 0).length);
  }

  /**
   * Events and their labels stored concurrently by two replicas (two stores, each its own pool, on
   * one database), one record a transaction, in opposite orders: every label joins its prediction
   * exactly once, whichever came first, and nothing is left waiting on either side.
   */
  @Test
  void anEventAndItsLabelStoredConcurrentlyByTwoReplicasJoinOnce() throws Exception {
    Repositories other = repos.another().get();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      int n = 300;
      List<Long> times = new java.util.ArrayList<>();
      for (long i = 0; i < n; i++) {
        times.add(i * 3);
      }
      List<Long> reversed = new java.util.ArrayList<>(times);
      java.util.Collections.reverse(reversed);
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      var events =
          pool.submit(
              () -> {
                start.await();
                for (long time : times) {
                  repos
                      .ingest()
                      .ingest(
                          ID, SECONDS, COLS, HORIZON, batch(List.of(event(time, 1)), List.of()));
                }
                return null;
              });
      var labelled =
          pool.submit(
              () -> {
                start.await();
                for (long time : reversed) {
                  other
                      .ingest()
                      .ingest(
                          ID, SECONDS, COLS, HORIZON, batch(List.of(), List.of(label(time, 0))));
                }
                return null;
              });
      events.get();
      labelled.get();
      java.util.Map<String, Long> c = repos.monitors().counters(ID);
      assertEquals((long) n, c.get("labels_joined"), c.toString());
      assertEquals(0L, c.getOrDefault("labels_unmatched", 0L), c.toString());
      assertEquals(0, labels().waitingLabels(ID));
      assertEquals(0, labels().awaitingLabels(ID, List.of(0L)));
      assertEquals(n, labels().windowLabels(ID, 0).length / 2, "each joined once");
      assertEquals(n, labels().captured(ID, COLS, Long.MIN_VALUE).rows());
    } finally {
      pool.shutdownNow();
      other.closer().close();
    }
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

  @Test
  void aRepeatedEventKeepsItsFirstPredictionForTheLabel() {
    ingest(List.of(event(100, 0.25)), List.of());
    IngestBatch.Result again = ingest(List.of(event(100, 0.75)), List.of(label(100, 1)));
    assertEquals(0, again.accepted());
    assertEquals(1, again.duplicates());
    assertEquals(1, again.labelsJoined());
    assertEquals(List.of("0.25->1.0"), pairs(labels().windowLabels(ID, 0)), "the first one's");
    // joined, the id is still remembered: a third copy counts nowhere and keeps no prediction
    IngestBatch.Result third = ingest(List.of(event(100, 0.5)), List.of());
    assertEquals(1, third.duplicates());
    assertEquals(0, labels().awaitingLabels(ID, List.of(0L)));
    assertEquals(1, repos.windows().windowData(ID, 0, COLS).rows());
    assertEquals(1, labels().captured(ID, COLS, Long.MIN_VALUE).rows());
  }

  @Test
  void waitingLabelsPastTheHorizonExpireWithoutABatch() {
    long t = 1_000_000;
    assertEquals(2, ingestAt(t, List.of(), List.of(label(100, 1), label(200, 0))).labelsWaiting());
    assertEquals(0, labels().expireWaitingLabels(ID, t), "received exactly then: still waiting");
    assertEquals(2, labels().waitingLabels(ID));
    assertEquals(2, labels().expireWaitingLabels(ID, t + 1));
    assertEquals(0, labels().waitingLabels(ID));
    assertEquals(0, labels().expireWaitingLabels(ID, t + 1), "once");
    java.util.Map<String, Long> c = repos.monitors().counters(ID);
    assertEquals(2L, c.get("labels_unmatched"), c.toString());
    assertEquals(2L, c.get("labels_wait_expired"), c.toString());
    IngestBatch.Result events = ingestAt(t + 2, List.of(event(100, 1)), List.of());
    assertEquals(0, events.labelsJoined(), "its label is gone");
  }
}
