package dev.vernier.monitor.retrain;

import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.alert.RetrainProgress;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRepository;
import dev.vernier.tuner.job.Channel;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.WarmStart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What the {@link Retrainer} checks before it submits an alert's job, and what a refused check does
 * to the alert. It submits nothing, and the retraining is FAILED with the reason, when
 *
 * <ul>
 *   <li>no labelled row was captured from the first alerting window on (labels that never came
 *       within the label horizon, {@code capture: false}, no labels topic): a job would train on
 *       the original rows only. The alert gives the monitor's cool-down back ({@link
 *       AlertRepository#abandonRetraining}), so the next alert may retrain ({@link #noRows}, {@link
 *       #abandon});
 *   <li>the baseline file's data is no longer the data the monitor's baseline was computed from
 *       (its SHA-256, as stored with the baseline, differs), or a captured chunk is not as wide as
 *       the baseline's feature count: the job would train on data the monitor never baselined, or
 *       on rows cut at the wrong width ({@link #baselineChanged}, {@link #fail});
 *   <li>a job of the alert's retraining name exists that is not this alert's (below): the cool-down
 *       is given back too ({@link #refuseForeign}).
 * </ul>
 *
 * <p>A job of the alert's retraining name found on a retry (after a crash between submitting and
 * recording) is recorded instead of submitting again only if it is this alert's own ({@link
 * #notOwn}): a transfer warm-start of the monitor's job whose train channel is this alert's
 * retraining file under the service's {@code outputDir}, which users' jobs cannot name. A job of
 * that name that is not (a user's job named like it) is never adopted: the retraining fails, naming
 * it.
 *
 * <p>Used on the {@link Retrainer}'s pass only (one at a time per process); every state change is a
 * compare-and-set on the alert's state.
 */
final class RetrainSafeguards {
  // the Retrainer's logger: what it logs is the Retrainer's
  private static final Logger LOG = Logger.getLogger(Retrainer.class.getName());

  /** The end of a retraining features file's name (the start is {@code alert-<id>-windows-}). */
  static final String FEATURES_SUFFIX = "-features.idx";

  private final AlertRepository alerts;

  RetrainSafeguards(AlertRepository alerts) {
    this.alerts = alerts;
  }

  /** Stores the alert's retraining as FAILED with {@code why}; it keeps the cool-down. */
  void fail(AlertRecord a, String why) {
    LOG.warning("alert " + a.id() + ": retraining failed: " + why);
    alerts.setRetraining(a.id(), a.retraining().state(), a.retraining().failed(why));
  }

  /**
   * Stores the alert's retraining as FAILED with {@code why}, no job submitted, and gives the
   * monitor's cool-down back: nothing was trained, so the next alert may retrain.
   */
  void abandon(AlertRecord a, String why) {
    String reason = why + "; no job submitted, the retraining cool-down is given back";
    if (alerts.abandonRetraining(a.id(), a.retraining().state(), a.retraining().failed(reason))) {
      LOG.warning("alert " + a.id() + ": retraining failed: " + reason);
    }
  }

  /**
   * Abandons the alert's retraining ({@link #abandon}) when {@code job}, named as its retraining,
   * is not its own ({@link #notOwn}); true when it did (nothing may be recorded or submitted then).
   */
  boolean refuseForeign(AlertRecord a, JobRecord job, String parentId, Path alertDir) {
    Optional<String> foreign = notOwn(job, parentId, alertDir, a.id());
    if (foreign.isPresent()) {
      abandon(a, foreignJob(job, foreign.get()));
      return true;
    }
    return false;
  }

  /** That no labelled row was captured from the first alerting window on, and why. */
  static String noRows(MonitorSpec spec, List<Long> windows, RetrainProgress.Decision d) {
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

  /**
   * Why the baseline file's data ({@code original}) is not the data the monitor's baseline was
   * computed from ({@code sha256}, {@code cols} features), empty when it is.
   */
  static Optional<String> baselineChanged(
      MonitorSpec spec, String sha256, int cols, Dataset original) {
    if (original.sha256().equals(sha256) && original.cols() == cols) {
      return Optional.empty();
    }
    return Optional.of(
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
}
