package dev.vernier.monitor.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.event.LabelEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What retraining reads from and gives back to every store: captured rows read only at the width
 * they were captured with ({@link LabelRepository#captured}), and an alert's retraining abandoned
 * without a job giving back the monitor's cool-down, unless another alert holds it by then ({@link
 * AlertRepository#abandonRetraining}).
 */
public abstract class RetrainingStoreContract extends RepositoryContract {
  static final long HOUR = Duration.ofHours(1).toMillis();

  AlertRecord only(WindowWrite w) {
    assertEquals(1, w.alertIds().size(), w.toString());
    return repos.alerts().alert(w.alertIds().get(0)).orElseThrow();
  }

  Long lastRetrainAt() {
    return repos.monitors().monitor(ID).orElseThrow().lastRetrainAt();
  }

  @Test
  void capturedRowsAreReadOnlyAtTheWidthTheyWereCapturedWith() {
    ingest(events(100, 1_100), List.of());
    ingest(List.of(), List.of(new LabelEvent("e100", 0, 1), new LabelEvent("e1100", 0, 0)));
    assertEquals(2, repos.labels().captured(ID, COLS, Long.MIN_VALUE).rows());
    // rows of 2 features read as 1 feature wide would be 4 garbage rows: refused, naming the window
    IllegalStateException narrower =
        assertThrows(
            IllegalStateException.class,
            () -> repos.labels().captured(ID, COLS - 1, Long.MIN_VALUE));
    assertTrue(
        narrower.getMessage().contains("window 0 are 2 features wide"), narrower.getMessage());
    assertTrue(narrower.getMessage().contains("baseline has 1 features"), narrower.getMessage());
    IllegalStateException wider =
        assertThrows(
            IllegalStateException.class, () -> repos.labels().captured(ID, COLS + 1, 1_000));
    assertTrue(wider.getMessage().contains("window 1000 are 2 features wide"), wider.getMessage());
  }

  @Test
  void anAbandonedRetrainingGivesTheCooldownBack() {
    ingest(100, 1_100, 2_100);
    AlertRecord first = only(close(0, 20_000, HOUR, List.of(alert("drift", true)), List.of()));
    assertEquals(RetrainState.PENDING, first.retraining().state());
    assertEquals(20_000L, lastRetrainAt());

    AlertRetraining failed = first.retraining().failed("no labelled rows captured");
    assertFalse(
        repos.alerts().abandonRetraining(first.id(), RetrainState.SUBMITTED, failed),
        "not SUBMITTED: nothing changes");
    assertEquals(RetrainState.PENDING, state(first));
    assertEquals(20_000L, lastRetrainAt());

    assertTrue(repos.alerts().abandonRetraining(first.id(), RetrainState.PENDING, failed));
    AlertRecord abandoned = repos.alerts().alert(first.id()).orElseThrow();
    assertEquals(RetrainState.FAILED, abandoned.retraining().state());
    assertEquals("no labelled rows captured", abandoned.retraining().error());
    assertNull(abandoned.retraining().jobId());
    assertNull(lastRetrainAt(), "the monitor never retrained");
    AlertRecord next =
        only(close(1_000, 20_000 + 1, HOUR, List.of(alert("drift", true)), List.of()));
    assertEquals(RetrainState.PENDING, next.retraining().state(), "well within the hour");
    assertEquals(20_001L, lastRetrainAt());
  }

  @Test
  void theCooldownGoesBackToTheLastRetrainingThatStartedAJob() {
    ingest(100, 1_100, 2_100, 3_100);
    AlertRecord trained = only(close(0, 20_000, HOUR, List.of(alert("drift", true)), List.of()));
    assertTrue(
        repos
            .alerts()
            .setRetraining(
                trained.id(),
                RetrainState.PENDING,
                trained.retraining().submitted("job-1", List.of(0L), 10, "job-1 trains")));
    AlertRecord empty =
        only(close(1_000, 20_000 + HOUR, HOUR, List.of(alert("drift", true)), List.of()));
    assertEquals(RetrainState.PENDING, empty.retraining().state());
    assertTrue(
        repos
            .alerts()
            .abandonRetraining(
                empty.id(), RetrainState.PENDING, empty.retraining().failed("nothing captured")));
    assertEquals(20_000L, lastRetrainAt(), "the retraining that started job-1");
    // job-1's cool-down is over by now: the next alert claims it
    AlertRecord next =
        only(close(2_000, 20_000 + HOUR + 5, HOUR, List.of(alert("drift", true)), List.of()));
    assertEquals(RetrainState.PENDING, next.retraining().state());
    // and the one after that finds it held by the new claim, not by the abandoned alert
    AlertRecord skipped =
        only(close(3_000, 20_000 + HOUR + 6, HOUR, List.of(alert("drift", true)), List.of()));
    assertEquals(RetrainState.COOLDOWN, skipped.retraining().state());
    assertEquals(next.id(), skipped.retraining().cooldownAlertId());
  }

  @Test
  void aCooldownClaimedSinceByAnotherAlertIsLeftAlone() {
    ingest(100, 1_100);
    AlertRecord old = only(close(0, 20_000, 0, List.of(alert("drift", true)), List.of()));
    AlertRecord holder = only(close(1_000, 30_000, 0, List.of(alert("drift", true)), List.of()));
    assertEquals(RetrainState.PENDING, holder.retraining().state(), "no cool-down (0)");
    assertEquals(30_000L, lastRetrainAt());
    assertTrue(
        repos
            .alerts()
            .abandonRetraining(
                old.id(), RetrainState.PENDING, old.retraining().failed("nothing captured")));
    assertEquals(RetrainState.FAILED, state(old));
    assertEquals(30_000L, lastRetrainAt(), "the later alert still holds it");
  }

  private RetrainState state(AlertRecord a) {
    return repos.alerts().alert(a.id()).orElseThrow().retraining().state();
  }
}
