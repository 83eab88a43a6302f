package dev.vernier.monitor.retrain;

import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.alert.RetrainProgress;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.BaselineCodec;
import dev.vernier.monitor.evaluate.WindowResultJson;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRepository;
import dev.vernier.monitor.storage.AlertRetraining;
import dev.vernier.monitor.storage.LabelRepository;
import dev.vernier.monitor.storage.MonitorRepository;
import dev.vernier.monitor.storage.RetrainState;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.WindowRepository;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.service.TuningService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves alerts' retraining along (see {@link RetrainState}), one pass per {@link #runPending} call,
 * on the monitor runner's loop.
 *
 * <ol>
 *   <li>PENDING (the cool-down was claimed when the alert was stored) or WAITING_FOR_LABELS: the
 *       windows that raised the alert are those of the last {@code alerts.n} closed windows up to
 *       the alert's that hold its kind of violation. The job waits, at most the monitor's label
 *       horizon after the alert, until no prediction of those windows still waits for its label, or
 *       (with {@code retraining.minLabelledRows}) until that many labelled rows were captured from
 *       the first of them on. A monitor that captures no rows or joins no labels does not wait
 *       ({@link RetrainProgress#next}, which holds these rules).
 *   <li>Then it submits, through the tuner's public service, a warm-start ({@code transfer}) job
 *       whose parent is the monitor's job, trained on the original training data plus the rows
 *       captured from the first alerting window on ({@link RetrainSubmission}, which says what the
 *       job trains on and where its data is written).
 *   <li>It submits nothing, and the retraining is FAILED with the reason, when no labelled row was
 *       captured from the first alerting window on (the cool-down is given back), when the baseline
 *       file's data or width is no longer the monitor's baseline's, or when a job of the alert's
 *       retraining name exists that is not this alert's (the cool-down is given back): {@link
 *       RetrainSafeguards}.
 *   <li>SUBMITTED, RUNNING: the alert follows its job's state (COMPLETED, or FAILED when the job
 *       failed or was stopped), read from {@link TuningService} only ({@link
 *       RetrainProgress#forJob}).
 * </ol>
 *
 * <p>Exactly one job per alert: the job's name is derived from the alert id, and a job of that name
 * found on a retry (after a crash between submitting and recording) is recorded instead of
 * submitting again, if it is this alert's own ({@link RetrainSafeguards#notOwn}); one that is not
 * is never adopted. Every state change is a compare-and-set on the alert's state, so processes
 * sharing the database do not undo each other's progress. Two replicas preparing one alert at once
 * both try to submit its job: the tuner stores one job of a name, and the loser records the
 * winner's job, never a failure ({@link RetrainSubmission}).
 */
public final class Retrainer {
  private static final Logger LOG = Logger.getLogger(Retrainer.class.getName());

  private final AlertRepository alerts;
  private final MonitorRepository monitors;
  private final WindowRepository windowRows;
  private final LabelRepository labels;
  private final RetrainProgress progress;
  private final TuningService tuning;
  private final Function<String, Optional<MonitorSpec>> specs;
  private final RetrainSafeguards safeguards;
  private final RetrainSubmission submission;

  /**
   * @param store the alerts whose retraining is active and their state changes, and the monitors'
   *     stored baselines (the feature count and training data hash retraining checks against): the
   *     store's {@link AlertRepository} and {@link MonitorRepository}
   * @param windowRows the closed windows that raised an alert
   * @param labels captured rows and the labels still awaited
   * @param outputDir where the retraining datasets are written: a folder of the service's own
   *     (under {@code --data}) that the tuner lets the service's own jobs read
   * @param specs a monitor's spec by id
   * @param clock when label waits end
   */
  public <S extends AlertRepository & MonitorRepository> Retrainer(
      S store,
      WindowRepository windowRows,
      LabelRepository labels,
      TuningService tuning,
      Path outputDir,
      Function<String, Optional<MonitorSpec>> specs,
      Clock clock) {
    this.alerts = store;
    this.monitors = store;
    this.windowRows = windowRows;
    this.labels = labels;
    this.tuning = tuning;
    this.specs = specs;
    this.progress = new RetrainProgress(clock);
    this.safeguards = new RetrainSafeguards(store);
    this.submission = new RetrainSubmission(store, tuning, outputDir, safeguards);
  }

  /**
   * One pass over the alerts whose retraining is active; returns how many jobs were submitted (or
   * found after a crash).
   */
  public int runPending() {
    int n = 0;
    for (AlertRecord a : alerts.activeRetraining()) {
      RetrainState state = a.retraining().state();
      if (state == RetrainState.SUBMITTED || state == RetrainState.RUNNING) {
        try {
          follow(a);
        } catch (RuntimeException e) { // the tuner is asked again on the next pass
          LOG.log(Level.WARNING, "alert " + a.id() + ": reading its retraining job failed", e);
        }
        continue;
      }
      try {
        n += prepare(a) ? 1 : 0;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "alert " + a.id() + ": retraining failed", e);
        alerts.setRetraining(a.id(), state, a.retraining().failed(String.valueOf(e.getMessage())));
      }
    }
    return n;
  }

  /** Waits for labels or submits the job; true when a job was submitted (or found). */
  private boolean prepare(AlertRecord a) {
    AlertRetraining r = a.retraining();
    MonitorSpec spec =
        specs
            .apply(a.monitorId())
            .orElseThrow(() -> new IllegalStateException("monitor " + a.monitorId() + " is gone"));
    if (spec.jobId() == null) {
      throw new IllegalStateException("the monitor names no jobId to retrain from");
    }
    List<Long> windows = r.windows().isEmpty() ? alertingWindows(a, spec) : r.windows();
    long from = windows.get(0);
    long labelled = labels.capturedRows(a.monitorId(), from);
    RetrainProgress.Decision d =
        progress.next(
            RetrainProgress.Policy.of(spec),
            a.createdAt(),
            windows,
            labelled,
            () -> labels.awaitingLabels(a.monitorId(), windows));
    if (d.step() == RetrainProgress.Step.WAIT_FOR_LABELS) {
      AlertRetraining next = r.waiting(windows, labelled, d.until(), d.reason());
      if (!next.equals(r) && alerts.setRetraining(a.id(), r.state(), next)) {
        if (r.state() != RetrainState.WAITING_FOR_LABELS) {
          LOG.info("alert " + a.id() + ": retraining " + d.reason());
        }
      }
      return false;
    }
    if (labelled == 0) {
      // a job would train on the original rows only: nothing the monitor saw
      safeguards.abandon(a, RetrainSafeguards.noRows(spec, windows, d));
      return false;
    }
    JobRecord parent =
        tuning
            .job(spec.jobId())
            .orElseThrow(() -> new IllegalStateException("job " + spec.jobId() + " not found"));
    String name = RetrainSubmission.name(parent.spec().name(), a.id());
    Optional<JobRecord> existing = submission.findByName(name);
    if (existing.isPresent()) {
      if (safeguards.refuseForeign(
          a, existing.get(), parent.id(), submission.folder(a.monitorId()))) {
        return false;
      }
      alerts.setRetraining(
          a.id(),
          r.state(),
          r.submitted(
              existing.get().id(),
              windows,
              labelled,
              "job " + existing.get().id() + " found after a restart"));
      return true;
    }
    Baseline baseline =
        monitors
            .baseline(a.monitorId())
            .map(BaselineCodec::read)
            .orElseThrow(() -> new IllegalStateException("monitor " + a.monitorId() + " is gone"));
    int cols = baseline.schema().size();
    Dataset original = spec.baseline().read();
    Optional<String> changed =
        RetrainSafeguards.baselineChanged(
            spec, baseline.provenance().datasetSha256(), cols, original);
    if (changed.isPresent()) {
      safeguards.fail(a, changed.get());
      return false;
    }
    LabelRepository.Captured captured;
    try {
      captured = labels.captured(a.monitorId(), cols, from);
    } catch (IllegalStateException e) {
      safeguards.fail(a, e.getMessage());
      return false;
    }
    return submission.submit(a, spec, parent, windows, labelled, baseline, original, captured);
  }

  /**
   * The windows that raised the alert, oldest first: of the last {@code alerts.n} closed windows up
   * to the alert's, those whose violations include the alert's kind.
   */
  private List<Long> alertingWindows(AlertRecord a, MonitorSpec spec) {
    List<Long> out = new ArrayList<>();
    for (WindowRecord w :
        windowRows.closedWindowsUpTo(a.monitorId(), a.windowStart(), spec.alerts().n())) {
      if (WindowResultJson.kinds(w.resultJson())
          .violations()
          .contains(ViolationKind.of(a.kind()))) {
        out.add(w.start());
      }
    }
    if (!out.contains(a.windowStart())) {
      out.add(a.windowStart());
    }
    Collections.sort(out);
    return out;
  }

  /** Moves a submitted or running retraining to its job's state. */
  private void follow(AlertRecord a) {
    AlertRetraining r = a.retraining();
    Optional<JobRecord> job = tuning.job(r.jobId());
    if (job.isEmpty()) {
      alerts.setRetraining(a.id(), r.state(), r.failed("job " + r.jobId() + " no longer exists"));
      return;
    }
    JobRecord j = job.get();
    RetrainState next = RetrainProgress.forJob(j.state());
    if (next == r.state()) {
      return;
    }
    AlertRetraining updated =
        next == RetrainState.FAILED
            ? r.failed(
                "job "
                    + j.id()
                    + " "
                    + j.state()
                    + (j.stateReason() == null ? "" : ": " + j.stateReason()))
            : r.withState(next);
    if (alerts.setRetraining(a.id(), r.state(), updated)) {
      LOG.info("alert " + a.id() + ": retraining job " + j.id() + " " + next);
    }
  }
}
