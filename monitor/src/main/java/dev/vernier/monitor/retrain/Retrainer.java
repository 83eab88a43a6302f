package dev.vernier.monitor.retrain;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.IdxWriter;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.evaluate.WindowResultJson;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRetraining;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.monitor.storage.RetrainState;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.tuner.job.Channel;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.service.TuningService;
import dev.vernier.tuner.service.WarmStartRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
 *       the first of them on. A monitor that captures no rows or joins no labels does not wait.
 *   <li>Then it submits, through the tuner's public service, a warm-start ({@code transfer}) job
 *       whose parent is the monitor's job: the parent's algorithm, ranges and objective, trained on
 *       the original training data plus the rows captured from the first alerting window on (not
 *       the rows from before the drift), written as IDX under the service's own folder ({@code
 *       outputDir}, under {@code --data}, never a user's data root). The file's name says which
 *       windows and how many captured rows the job trains on; so does the alert's record.
 *   <li>SUBMITTED, RUNNING: the alert follows its job's state (COMPLETED, or FAILED when the job
 *       failed or was stopped), read from {@link TuningService} only.
 * </ol>
 *
 * <p>Exactly one job per alert: the job's name is derived from the alert id, and a job of that name
 * found on a retry (after a crash between submitting and recording) is recorded instead of
 * submitting again. Every state change is a compare-and-set on the alert's state, so processes
 * sharing the database do not undo each other's progress.
 */
public final class Retrainer {
  private static final Logger LOG = Logger.getLogger(Retrainer.class.getName());

  private final MonitorStore store;
  private final TuningService tuning;
  private final Path outputDir;
  private final Function<String, Optional<MonitorSpec>> specs;
  private final Clock clock;

  /**
   * @param outputDir where the retraining datasets are written: a folder of the service's own
   *     (under {@code --data}) that the tuner lets the service's own jobs read
   * @param specs a monitor's spec by id
   * @param clock when label waits end
   */
  public Retrainer(
      MonitorStore store,
      TuningService tuning,
      Path outputDir,
      Function<String, Optional<MonitorSpec>> specs,
      Clock clock) {
    this.store = store;
    this.tuning = tuning;
    this.outputDir = outputDir;
    this.specs = specs;
    this.clock = clock;
  }

  /**
   * One pass over the alerts whose retraining is active; returns how many jobs were submitted (or
   * found after a crash).
   */
  public int runPending() {
    int n = 0;
    for (AlertRecord a : store.activeRetraining()) {
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
        store.setRetraining(a.id(), state, a.retraining().failed(String.valueOf(e.getMessage())));
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
    long labelled = store.capturedRows(a.monitorId(), from);
    long until = a.createdAt() + spec.labelHorizon().toMillis();
    // labelled rows come only from monitors that capture rows and join labels
    boolean joinsLabels = spec.kafka() == null || spec.kafka().labelsTopic() != null;
    if (spec.capture() && joinsLabels && clock.millis() < until) {
      String waitsFor = waitsFor(a, spec, windows, labelled);
      if (waitsFor != null) {
        AlertRetraining next = r.waiting(windows, labelled, until, waitsFor);
        if (!next.equals(r) && store.setRetraining(a.id(), r.state(), next)) {
          if (r.state() != RetrainState.WAITING_FOR_LABELS) {
            LOG.info("alert " + a.id() + ": retraining " + waitsFor);
          }
        }
        return false;
      }
    }
    JobRecord parent =
        tuning
            .job(spec.jobId())
            .orElseThrow(() -> new IllegalStateException("job " + spec.jobId() + " not found"));
    String name = name(parent.spec().name(), a.id());
    Optional<JobRecord> existing = findByName(name);
    if (existing.isPresent()) {
      store.setRetraining(
          a.id(),
          r.state(),
          r.submitted(
              existing.get().id(),
              windows,
              labelled,
              "job " + existing.get().id() + " found after a restart"));
      return true;
    }
    Dataset original = spec.baseline().read();
    MonitorStore.Captured captured = store.captured(a.monitorId(), original.cols(), from);
    int extra = captured.rows();
    int rows = original.rows() + extra;
    float[] x = new float[rows * original.cols()];
    float[] y = new float[rows];
    System.arraycopy(original.features(), 0, x, 0, original.features().length);
    System.arraycopy(
        captured.features(), 0, x, original.features().length, extra * original.cols());
    System.arraycopy(original.labels(), 0, y, 0, original.rows());
    System.arraycopy(captured.labels(), 0, y, original.rows(), extra);
    List<Long> used = captured.windows().isEmpty() ? windows : captured.windows();
    Path dir = outputDir.resolve(a.monitorId());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the file's name says what the job trains on: the job spec keeps it
    String stem =
        "alert-"
            + a.id()
            + "-windows-"
            + used.get(0)
            + "-"
            + used.get(used.size() - 1)
            + "-rows-"
            + extra;
    Path features = dir.resolve(stem + "-features.idx");
    Path labels = dir.resolve(stem + "-labels.idx");
    IdxWriter.writeFeatures(features, rows, original.cols(), x);
    IdxWriter.writeLabels(labels, y);
    JobRecord job =
        tuning.submitWarmStart(
            parent.id(),
            new WarmStartRequest(
                name,
                Map.of(
                    "train",
                    new Channel(features.toAbsolutePath(), labels.toAbsolutePath(), "idx")),
                spec.retraining().maxTrials(),
                a.id()));
    String detail =
        "job "
            + job.id()
            + " trains on "
            + original.rows()
            + " original rows + "
            + extra
            + " captured rows of windows "
            + range(used)
            + " (alert windows "
            + list(windows)
            + "), parent "
            + parent.id();
    store.setRetraining(a.id(), r.state(), r.submitted(job.id(), used, extra, detail));
    LOG.info("alert " + a.id() + ": retraining " + detail);
    return true;
  }

  /** What the retraining still waits for, or null when it may start. */
  private String waitsFor(AlertRecord a, MonitorSpec spec, List<Long> windows, long labelled) {
    Instant until = Instant.ofEpochMilli(a.createdAt()).plus(spec.labelHorizon());
    long min = spec.retraining().minLabelledRows();
    if (min > 0) {
      return labelled >= min
          ? null
          : "waits for "
              + min
              + " labelled rows captured from window "
              + windows.get(0)
              + " on (retraining.minLabelledRows), has "
              + labelled
              + "; at most until "
              + until;
    }
    long awaiting = store.awaitingLabels(a.monitorId(), windows);
    return awaiting == 0
        ? null
        : "waits for the labels of windows "
            + list(windows)
            + ": "
            + awaiting
            + " predictions still await theirs, "
            + labelled
            + " labelled rows captured so far; at most until "
            + until
            + " (labelHorizon)";
  }

  /**
   * The windows that raised the alert, oldest first: of the last {@code alerts.n} closed windows up
   * to the alert's, those whose violations include the alert's kind.
   */
  private List<Long> alertingWindows(AlertRecord a, MonitorSpec spec) {
    List<Long> out = new ArrayList<>();
    for (WindowRecord w :
        store.closedWindowsUpTo(a.monitorId(), a.windowStart(), spec.alerts().n())) {
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
      store.setRetraining(a.id(), r.state(), r.failed("job " + r.jobId() + " no longer exists"));
      return;
    }
    JobRecord j = job.get();
    RetrainState next =
        switch (j.state()) {
          case PENDING -> RetrainState.SUBMITTED;
          case IN_PROGRESS, STOPPING -> RetrainState.RUNNING;
          case COMPLETED -> RetrainState.COMPLETED;
          case STOPPED, FAILED -> RetrainState.FAILED;
        };
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
    if (store.setRetraining(a.id(), r.state(), updated)) {
      LOG.info("alert " + a.id() + ": retraining job " + j.id() + " " + next);
    }
  }

  private static String list(List<Long> windows) {
    return windows.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
  }

  private static String range(List<Long> windows) {
    return windows.size() == 1
        ? String.valueOf(windows.get(0))
        : windows.get(0) + ".." + windows.get(windows.size() - 1);
  }

  /** The retraining job's name: the parent's name (shortened) and the alert id; <= 63 chars. */
  static String name(String parentName, long alertId) {
    String suffix = "-retrain-" + alertId;
    String base =
        parentName.length() + suffix.length() > 63
            ? parentName.substring(0, 63 - suffix.length())
            : parentName;
    while (base.endsWith("-")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + suffix;
  }

  private Optional<JobRecord> findByName(String name) {
    int offset = 0;
    while (true) {
      TuningService.Page page = tuning.jobs(null, offset, 200);
      for (JobRecord j : page.jobs()) {
        if (j.spec().name().equals(name)) {
          return Optional.of(j);
        }
      }
      offset += page.jobs().size();
      if (page.jobs().isEmpty() || offset >= page.total()) {
        return Optional.empty();
      }
    }
  }
}
