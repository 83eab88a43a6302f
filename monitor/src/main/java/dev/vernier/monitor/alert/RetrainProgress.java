package dev.vernier.monitor.alert;

import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.RetrainState;
import dev.vernier.tuner.job.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The rules that move an alert's retraining along once it claimed the cool-down, as plain Java (the
 * {@code Retrainer} reads rows, asks the tuner and stores the outcome):
 *
 * <ul>
 *   <li>PENDING or WAITING_FOR_LABELS ({@link #next}): the job waits for labels, at most the
 *       monitor's label horizon after the alert, until no prediction of the alerting windows still
 *       waits for its label, or (with {@code retraining.minLabelledRows}) until that many labelled
 *       rows were captured from the first of them on. A monitor that captures no rows or joins no
 *       labels does not wait. Otherwise the job is submitted.
 *   <li>SUBMITTED or RUNNING ({@link #forJob}): the alert follows its job's state: SUBMITTED while
 *       the job is pending, RUNNING while it runs or stops, COMPLETED, or FAILED when the job
 *       failed or was stopped.
 * </ul>
 *
 * <p>Time comes from the injected clock. Immutable and thread-safe.
 */
public final class RetrainProgress {
  private final Clock clock;

  public RetrainProgress(Clock clock) {
    this.clock = clock;
  }

  /**
   * A monitor's retraining policy as these rules read it.
   *
   * @param capture whether the monitor captures rows (with their labels) for retraining
   * @param joinsLabels whether labels reach the monitor (over HTTP, or a Kafka labels topic)
   * @param minLabelledRows wait for this many labelled rows; 0: for the alerting windows' labels
   */
  public record Policy(
      boolean capture, boolean joinsLabels, Duration labelHorizon, long minLabelledRows) {
    public Policy {
      if (labelHorizon.isNegative() || minLabelledRows < 0) {
        throw new IllegalArgumentException(
            "labelHorizon and minLabelledRows must not be negative, got "
                + labelHorizon
                + " and "
                + minLabelledRows);
      }
    }

    /** The policy of a monitor's spec. */
    public static Policy of(MonitorSpec spec) {
      return new Policy(
          spec.capture(),
          spec.kafka() == null || spec.kafka().labelsTopic() != null,
          spec.labelHorizon(),
          spec.retraining().minLabelledRows());
    }
  }

  /** What to do with an alert whose retraining is PENDING or WAITING_FOR_LABELS. */
  public enum Step {
    WAIT_FOR_LABELS,
    SUBMIT
  }

  /**
   * A decision with its reason.
   *
   * @param until when the wait ends at the latest (epoch ms): the alert's time plus the horizon
   */
  public record Decision(Step step, long until, String reason) {}

  /**
   * Whether the retraining of an alert raised at {@code alertCreatedAt} (epoch ms) for {@code
   * windows} (oldest first) waits for labels now.
   *
   * @param labelled labelled rows captured from the first alerting window on
   * @param awaiting how many predictions of {@code windows} still wait for their label; asked only
   *     when the decision depends on it
   */
  public Decision next(
      Policy policy,
      long alertCreatedAt,
      List<Long> windows,
      long labelled,
      LongSupplier awaiting) {
    long until = alertCreatedAt + policy.labelHorizon().toMillis();
    if (!policy.capture()) {
      return new Decision(Step.SUBMIT, until, "the monitor captures no rows");
    }
    if (!policy.joinsLabels()) {
      return new Decision(Step.SUBMIT, until, "the monitor joins no labels");
    }
    Instant end = Instant.ofEpochMilli(until);
    if (clock.millis() >= until) {
      return new Decision(Step.SUBMIT, until, "the label horizon ended at " + end);
    }
    long min = policy.minLabelledRows();
    if (min > 0) {
      return labelled >= min
          ? new Decision(
              Step.SUBMIT,
              until,
              labelled + " labelled rows captured (retraining.minLabelledRows " + min + ")")
          : new Decision(
              Step.WAIT_FOR_LABELS,
              until,
              "waits for "
                  + min
                  + " labelled rows captured from window "
                  + windows.get(0)
                  + " on (retraining.minLabelledRows), has "
                  + labelled
                  + "; at most until "
                  + end);
    }
    long waiting = awaiting.getAsLong();
    return waiting == 0
        ? new Decision(
            Step.SUBMIT, until, "every prediction of windows " + list(windows) + " has its label")
        : new Decision(
            Step.WAIT_FOR_LABELS,
            until,
            "waits for the labels of windows "
                + list(windows)
                + ": "
                + waiting
                + " predictions still await theirs, "
                + labelled
                + " labelled rows captured so far; at most until "
                + end
                + " (labelHorizon)");
  }

  /** The state of an alert whose retraining job is in {@code job}'s state. */
  public static RetrainState forJob(JobState job) {
    return switch (job) {
      case PENDING -> RetrainState.SUBMITTED;
      case IN_PROGRESS, STOPPING -> RetrainState.RUNNING;
      case COMPLETED -> RetrainState.COMPLETED;
      case STOPPED, FAILED -> RetrainState.FAILED;
    };
  }

  /** Window starts as "a, b, c". */
  public static String list(List<Long> windows) {
    return windows.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
