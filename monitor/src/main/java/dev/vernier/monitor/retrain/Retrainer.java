package dev.vernier.monitor.retrain;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.IdxWriter;
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
import dev.vernier.platform.error.AlreadyExistsException;
import dev.vernier.tuner.job.Channel;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.WarmStart;
import dev.vernier.tuner.service.TuningService;
import dev.vernier.tuner.service.WarmStartRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 *       the first of them on. A monitor that captures no rows or joins no labels does not wait
 *       ({@link RetrainProgress#next}, which holds these rules).
 *   <li>Then it submits, through the tuner's public service, a warm-start ({@code transfer}) job
 *       whose parent is the monitor's job: the parent's algorithm, ranges and objective, trained on
 *       the original training data plus the rows captured from the first alerting window on (not
 *       the rows from before the drift), written as IDX under the service's own folder ({@code
 *       outputDir}, under {@code --data}, never a user's data root). The file's name says which
 *       windows and how many captured rows the job trains on; so does the alert's record, with the
 *       SHA-256 of the training data.
 *   <li>It submits nothing, and the retraining is FAILED with the reason, when
 *       <ul>
 *         <li>no labelled row was captured from the first alerting window on (labels that never
 *             came within the label horizon, {@code capture: false}, no labels topic): a job would
 *             train on the original rows only. The alert gives the monitor's cool-down back ({@link
 *             AlertRepository#abandonRetraining}), so the next alert may retrain;
 *         <li>the baseline file's data is no longer the data the monitor's baseline was computed
 *             from (its SHA-256, as stored with the baseline, differs), or a captured chunk is not
 *             as wide as the baseline's feature count: the job would train on data the monitor
 *             never baselined, or on rows cut at the wrong width;
 *         <li>a job of the alert's retraining name exists that is not this alert's (below): the
 *             cool-down is given back too.
 *       </ul>
 *   <li>SUBMITTED, RUNNING: the alert follows its job's state (COMPLETED, or FAILED when the job
 *       failed or was stopped), read from {@link TuningService} only ({@link
 *       RetrainProgress#forJob}).
 * </ol>
 *
 * <p>Exactly one job per alert: the job's name is derived from the alert id, and a job of that name
 * found on a retry (after a crash between submitting and recording) is recorded instead of
 * submitting again, if it is this alert's own ({@link #notOwn}): a transfer warm-start of the
 * monitor's job whose train channel is this alert's retraining file under {@code outputDir}, which
 * users' jobs cannot name. A job of that name that is not (a user's job named like it) is never
 * adopted: the retraining fails, naming it. Every state change is a compare-and-set on the alert's
 * state, so processes sharing the database do not undo each other's progress. Two replicas
 * preparing one alert at once both try to submit its job: the tuner stores one job of a name
 * ({@code AlreadyExistsException} for the other), and the loser records the winner's job, never a
 * failure.
 */
public final class Retrainer {
  private static final Logger LOG = Logger.getLogger(Retrainer.class.getName());

  private final AlertRepository alerts;
  private final MonitorRepository monitors;
  private final WindowRepository windowRows;
  private final LabelRepository labels;
  private final RetrainProgress progress;
  private final TuningService tuning;
  private final Path outputDir;
  private final Function<String, Optional<MonitorSpec>> specs;

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
    this.outputDir = outputDir;
    this.specs = specs;
    this.progress = new RetrainProgress(clock);
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
      abandon(a, noRows(spec, windows, d));
      return false;
    }
    JobRecord parent =
        tuning
            .job(spec.jobId())
            .orElseThrow(() -> new IllegalStateException("job " + spec.jobId() + " not found"));
    String name = name(parent.spec().name(), a.id());
    Path dir = outputDir.resolve(a.monitorId());
    Optional<JobRecord> existing = findByName(name);
    if (existing.isPresent()) {
      Optional<String> foreign = notOwn(existing.get(), parent.id(), dir, a.id());
      if (foreign.isPresent()) {
        abandon(a, foreignJob(existing.get(), foreign.get()));
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
    String sha256 = baseline.provenance().datasetSha256();
    int cols = baseline.schema().size();
    Dataset original = spec.baseline().read();
    if (!original.sha256().equals(sha256) || original.cols() != cols) {
      fail(
          a,
          "the baseline file "
              + spec.baseline().path()
              + " changed since the monitor was created (sha256 "
              + sha256
              + ", "
              + cols
              + " features; now "
              + original.sha256()
              + ", "
              + original.cols()
              + " features): retraining would train on data the monitor never baselined; restore"
              + " the file, or create a new monitor on the new data");
      return false;
    }
    LabelRepository.Captured captured;
    try {
      captured = labels.captured(a.monitorId(), cols, from);
    } catch (IllegalStateException e) {
      fail(a, e.getMessage());
      return false;
    }
    int extra = captured.rows();
    int rows = original.rows() + extra;
    float[] x = new float[rows * cols];
    float[] y = new float[rows];
    System.arraycopy(original.features(), 0, x, 0, original.features().length);
    System.arraycopy(captured.features(), 0, x, original.features().length, extra * cols);
    System.arraycopy(original.labels(), 0, y, 0, original.rows());
    System.arraycopy(captured.labels(), 0, y, original.rows(), extra);
    List<Long> used = captured.windows().isEmpty() ? windows : captured.windows();
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
    Path features = dir.resolve(stem + FEATURES_SUFFIX);
    Path labels = dir.resolve(stem + "-labels.idx");
    // another replica may prepare the same alert at once: each writes its own file and moves it
    // into place, so a job never reads a file half written by the other
    atomically(features, f -> IdxWriter.writeFeatures(f, rows, cols, x));
    atomically(labels, f -> IdxWriter.writeLabels(f, y));
    JobRecord job;
    try {
      job =
          tuning.submitWarmStart(
              parent.id(),
              new WarmStartRequest(
                  name,
                  Map.of(
                      "train",
                      new Channel(features.toAbsolutePath(), labels.toAbsolutePath(), "idx")),
                  spec.retraining().maxTrials(),
                  a.id()));
    } catch (AlreadyExistsException e) {
      // another replica submitted the alert's job first (its name is the claim): record that one,
      // unless a job of that name that is not this alert's was created meanwhile
      JobRecord theirs =
          findByName(name)
              .orElseThrow(
                  () -> new IllegalStateException("job " + name + " exists but not found"));
      Optional<String> foreign = notOwn(theirs, parent.id(), dir, a.id());
      if (foreign.isPresent()) {
        abandon(a, foreignJob(theirs, foreign.get()));
        return false;
      }
      alerts.setRetraining(
          a.id(),
          r.state(),
          r.submitted(
              theirs.id(),
              windows,
              labelled,
              "job " + theirs.id() + " submitted by another replica"));
      return false;
    }
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
            + RetrainProgress.list(windows)
            + "), parent "
            + parent.id()
            + ", baseline "
            + baseline.provenance().datasetName()
            + " sha256 "
            + sha256;
    alerts.setRetraining(a.id(), r.state(), r.submitted(job.id(), used, extra, detail));
    LOG.info("alert " + a.id() + ": retraining " + detail);
    return true;
  }

  /** The end of a retraining features file's name (the start is {@code alert-<id>-windows-}). */
  private static final String FEATURES_SUFFIX = "-features.idx";

  /** Stores the alert's retraining as FAILED with {@code why}; it keeps the cool-down. */
  private void fail(AlertRecord a, String why) {
    LOG.warning("alert " + a.id() + ": retraining failed: " + why);
    alerts.setRetraining(a.id(), a.retraining().state(), a.retraining().failed(why));
  }

  /**
   * Stores the alert's retraining as FAILED with {@code why}, no job submitted, and gives the
   * monitor's cool-down back: nothing was trained, so the next alert may retrain.
   */
  private void abandon(AlertRecord a, String why) {
    String reason = why + "; no job submitted, the retraining cool-down is given back";
    if (alerts.abandonRetraining(a.id(), a.retraining().state(), a.retraining().failed(reason))) {
      LOG.warning("alert " + a.id() + ": retraining failed: " + reason);
    }
  }

  /** That no labelled row was captured from the first alerting window on, and why. */
  private static String noRows(MonitorSpec spec, List<Long> windows, RetrainProgress.Decision d) {
    if (!spec.capture()) {
      return "no labelled rows captured: the monitor captures no rows (\"capture\": false)";
    }
    if (spec.kafka() != null && spec.kafka().labelsTopic() == null) {
      return "no labelled rows captured: the monitor joins no labels (its Kafka source has no"
          + " labelsTopic)";
    }
    return "no labelled rows captured within labelHorizon "
        + spec.labelHorizon()
        + " from window "
        + windows.get(0)
        + " on ("
        + d.reason()
        + ")";
  }

  private static String foreignJob(JobRecord job, String why) {
    return "a job named "
        + job.spec().name()
        + " (id "
        + job.id()
        + ") exists and is not this alert's retraining: "
        + why;
  }

  /**
   * Why {@code job}, named as alert {@code alertId}'s retraining, is not that retraining (empty: it
   * is): the alert's job is a transfer warm-start of {@code parentId} whose train channel is the
   * alert's retraining file in {@code alertDir}, the service's own folder, which no user's job can
   * name.
   */
  static Optional<String> notOwn(JobRecord job, String parentId, Path alertDir, long alertId) {
    WarmStart warm = job.spec().warmStart();
    if (warm.type() != WarmStart.Type.TRANSFER || !warm.parents().equals(List.of(parentId))) {
      return Optional.of(
          "it warm-starts from "
              + (warm.parents().isEmpty() ? "no job" : warm.parents() + " (" + warm.type() + ")")
              + ", not from job "
              + parentId
              + " (TRANSFER)");
    }
    Channel train = job.spec().channels().get("train");
    Path file = train == null ? null : train.path();
    String prefix = "alert-" + alertId + "-windows-";
    boolean own =
        file != null
            && file.getFileName() != null
            && file.getFileName().toString().startsWith(prefix)
            && file.getFileName().toString().endsWith(FEATURES_SUFFIX)
            && file.getParent() != null
            && sameFolder(file.getParent(), alertDir);
    if (!own) {
      return Optional.of(
          "its train channel is "
              + file
              + ", not this alert's retraining file "
              + alertDir.resolve(prefix + "*" + FEATURES_SUFFIX));
    }
    return Optional.empty();
  }

  /** Whether two folders are one: by their real paths when both exist, else as written. */
  private static boolean sameFolder(Path a, Path b) {
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /** Writes {@code target} through a temporary file beside it, moved into place at once. */
  private static void atomically(Path target, java.util.function.Consumer<Path> write) {
    Path tmp =
        target.resolveSibling(target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
    try {
      write.accept(tmp);
      Files.move(
          tmp,
          target,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the move took it, or it is a stray temporary file
      }
    }
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
