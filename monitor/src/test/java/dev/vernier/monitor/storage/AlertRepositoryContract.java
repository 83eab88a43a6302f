package dev.vernier.monitor.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of every {@link AlertRepository}, with the retraining claims of its alerts. */
public abstract class AlertRepositoryContract extends RepositoryContract {
  static final long HOUR = Duration.ofHours(1).toMillis();

  AlertRepository alerts() {
    return repos.alerts();
  }

  AlertRecord only(WindowWrite w) {
    assertEquals(1, w.alertIds().size(), w.toString());
    return alerts().alert(w.alertIds().get(0)).orElseThrow();
  }

  @Test
  void theFirstRetrainingAlertClaimsTheCooldownAndTheNextWaitsForItsEnd() {
    ingest(100, 1_100, 2_100, 3_100);
    AlertRecord quality =
        only(close(0, 10_000, HOUR, List.of(alert("data_quality", false)), List.of()));
    assertEquals(RetrainState.NONE, quality.retraining().state());
    AlertRecord first = only(close(1_000, 20_000, HOUR, List.of(alert("drift", true)), List.of()));
    assertEquals(RetrainState.PENDING, first.retraining().state());
    assertNull(first.retraining().cooldownUntil());
    assertEquals(20_000L, repos.monitors().monitor(ID).orElseThrow().lastRetrainAt());
    AlertRecord second =
        only(close(2_000, 20_000 + HOUR - 1, HOUR, List.of(alert("drift", true)), List.of()));
    assertEquals(RetrainState.COOLDOWN, second.retraining().state());
    assertEquals(20_000 + HOUR, second.retraining().cooldownUntil());
    assertEquals(first.id(), second.retraining().cooldownAlertId());
    AlertRecord third =
        only(close(3_000, 20_000 + HOUR, HOUR, List.of(alert("model_quality", true)), List.of()));
    assertEquals(RetrainState.PENDING, third.retraining().state(), "the cool-down is over");
  }

  @Test
  void alertsAreReadNewestFirstAndActiveRetrainingOldestFirst() {
    ingest(100, 1_100);
    WindowWrite w =
        close(
            0,
            10_000,
            0,
            List.of(alert("drift", true), alert("prediction_drift", true)),
            List.of());
    close(1_000, 11_000, 0, List.of(alert("data_quality", false)), List.of());
    List<AlertRecord> all = alerts().alerts(ID, 10);
    assertEquals(
        List.of("data_quality", "prediction_drift", "drift"),
        all.stream().map(AlertRecord::kind).toList());
    assertEquals(2, alerts().alerts(ID, 2).size());
    AlertRecord a = alerts().alert(w.alertIds().get(0)).orElseThrow();
    assertEquals("drift summary", a.summary());
    assertEquals("{\"kind\":\"drift\"}", a.evidenceJson());
    assertEquals(0, a.windowStart());
    assertEquals(10_000, a.createdAt());
    assertTrue(alerts().alert(-1).isEmpty());
    assertEquals(
        w.alertIds(),
        alerts().activeRetraining().stream().map(AlertRecord::id).toList(),
        "no cool-down: both claim");
    assertTrue(alerts().alerts("mon-none", 10).isEmpty());
  }

  @Test
  void retrainingMovesOnlyFromTheStateItWasReadIn() {
    ingest(100);
    AlertRecord a = only(close(0, 10_000, 0, List.of(alert("drift", true)), List.of()));
    AlertRetraining r = a.retraining();
    AlertRetraining waiting = r.waiting(List.of(0L), 3, 20_000, "waits for 2 labels");
    assertFalse(alerts().setRetraining(a.id(), RetrainState.SUBMITTED, waiting), "not SUBMITTED");
    assertTrue(alerts().setRetraining(a.id(), RetrainState.PENDING, waiting));
    assertFalse(alerts().setRetraining(a.id(), RetrainState.PENDING, waiting), "moved already");
    AlertRetraining stored = alerts().alert(a.id()).orElseThrow().retraining();
    assertEquals(RetrainState.WAITING_FOR_LABELS, stored.state());
    assertEquals(List.of(0L), stored.windows());
    assertEquals(3L, stored.rows());
    assertEquals(20_000L, stored.waitUntil());
    assertEquals("waits for 2 labels", stored.detail());
    assertTrue(
        alerts()
            .setRetraining(
                a.id(),
                RetrainState.WAITING_FOR_LABELS,
                stored
                    .submitted("job-1", List.of(0L), 3, "3 rows")
                    .withState(RetrainState.COMPLETED)));
    assertEquals("job-1", alerts().alert(a.id()).orElseThrow().retraining().jobId());
    assertTrue(alerts().activeRetraining().isEmpty(), "COMPLETED is not active");
  }
}
