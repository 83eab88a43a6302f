package dev.vernier.monitor.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vernier.monitor.alert.RetrainProgress.Decision;
import dev.vernier.monitor.alert.RetrainProgress.Policy;
import dev.vernier.monitor.alert.RetrainProgress.Step;
import dev.vernier.monitor.storage.RetrainState;
import dev.vernier.platform.time.ManualClock;
import dev.vernier.tuner.job.JobState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The retraining's wait for labels and its following of the job, on a manual clock. */
class RetrainProgressTest {
  static final long ALERT = 1_000_000;
  static final List<Long> WINDOWS = List.of(60_000L, 120_000L);
  final ManualClock clock = new ManualClock(ALERT);
  final RetrainProgress progress = new RetrainProgress(clock);
  final Policy labels = new Policy(true, true, Duration.ofMinutes(30), 0);

  Decision next(Policy p, long labelled, long awaiting) {
    return progress.next(p, ALERT, WINDOWS, labelled, () -> awaiting);
  }

  @Test
  void waitsWhilePredictionsOfTheAlertingWindowsAwaitTheirLabels() {
    Decision d = next(labels, 40, 3);
    assertEquals(Step.WAIT_FOR_LABELS, d.step());
    assertEquals(ALERT + 1_800_000, d.until());
    assertEquals(
        "waits for the labels of windows 60000, 120000: 3 predictions still await theirs, 40"
            + " labelled rows captured so far; at most until 1970-01-01T00:46:40Z (labelHorizon)",
        d.reason());
    assertEquals(Step.SUBMIT, next(labels, 43, 0).step());
  }

  @Test
  void theLabelHorizonEndsTheWait() {
    clock.advance(Duration.ofMinutes(30).minusMillis(1));
    assertEquals(Step.WAIT_FOR_LABELS, next(labels, 0, 5).step());
    clock.advance(1);
    Decision d = next(labels, 0, 5);
    assertEquals(Step.SUBMIT, d.step());
    assertEquals("the label horizon ended at 1970-01-01T00:46:40Z", d.reason());
  }

  @Test
  void minLabelledRowsCountsCapturedRowsAndNeverAsksForAwaitedLabels() {
    Policy min = new Policy(true, true, Duration.ofMinutes(30), 500);
    AtomicInteger asked = new AtomicInteger();
    LongSupplier awaiting =
        () -> {
          asked.incrementAndGet();
          return 7;
        };
    Decision d = progress.next(min, ALERT, WINDOWS, 499, awaiting);
    assertEquals(Step.WAIT_FOR_LABELS, d.step());
    assertEquals(
        "waits for 500 labelled rows captured from window 60000 on"
            + " (retraining.minLabelledRows), has 499; at most until 1970-01-01T00:46:40Z",
        d.reason());
    assertEquals(Step.SUBMIT, progress.next(min, ALERT, WINDOWS, 500, awaiting).step());
    assertEquals(0, asked.get());
  }

  @Test
  void aMonitorThatCapturesNoRowsOrJoinsNoLabelsDoesNotWait() {
    assertEquals(
        new Decision(Step.SUBMIT, ALERT + 1_800_000, "the monitor captures no rows"),
        next(new Policy(false, true, Duration.ofMinutes(30), 0), 0, 9));
    assertEquals(
        "the monitor joins no labels",
        next(new Policy(true, false, Duration.ofMinutes(30), 500), 0, 9).reason());
  }

  @Test
  void theAlertFollowsItsJob() {
    assertEquals(RetrainState.SUBMITTED, RetrainProgress.forJob(JobState.PENDING));
    assertEquals(RetrainState.RUNNING, RetrainProgress.forJob(JobState.IN_PROGRESS));
    assertEquals(RetrainState.RUNNING, RetrainProgress.forJob(JobState.STOPPING));
    assertEquals(RetrainState.COMPLETED, RetrainProgress.forJob(JobState.COMPLETED));
    assertEquals(RetrainState.FAILED, RetrainProgress.forJob(JobState.STOPPED));
    assertEquals(RetrainState.FAILED, RetrainProgress.forJob(JobState.FAILED));
  }

  @Test
  void aNegativePolicyIsRefusedWithItsValues() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Policy(true, true, Duration.ofMinutes(-1), 0));
    assertEquals(
        "labelHorizon and minLabelledRows must not be negative, got PT-1M and 0", e.getMessage());
  }
}
