package dev.vernier.monitor.retrain;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.IdxWriter;
import dev.vernier.monitor.alert.RetrainProgress;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRepository;
import dev.vernier.monitor.storage.AlertRetraining;
import dev.vernier.monitor.storage.LabelRepository;
import dev.vernier.platform.error.AlreadyExistsException;
import dev.vernier.tuner.job.Channel;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.service.TuningService;
import dev.vernier.tuner.service.WarmStartRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Submits an alert's retraining job, once its {@link RetrainSafeguards} passed, through the tuner's
 * public service: a warm-start ({@code transfer}) job whose parent is the monitor's job, the
 * parent's algorithm, ranges and objective, trained on the original training data plus the rows
 * captured from the first alerting window on (not the rows from before the drift), written as IDX
 * under the service's own folder ({@code outputDir}, under {@code --data}, never a user's data
 * root). The file's name says which windows and how many captured rows the job trains on; so does
 * the alert's record, with the SHA-256 of the training data.
 *
 * <p>Exactly one job per alert: the job's name is derived from the alert id ({@link #name}). Two
 * replicas preparing one alert at once both try to submit its job: each writes its own file and
 * moves it into place, so a job never reads a file half written by the other; the tuner stores one
 * job of a name ({@code AlreadyExistsException} for the other), and the loser records the winner's
 * job, never a failure (unless a job of that name that is not the alert's was created meanwhile:
 * {@link RetrainSafeguards#refuseForeign}). Every state change is a compare-and-set on the alert's
 * state.
 *
 * <p>Used on the {@link Retrainer}'s pass only (one at a time per process).
 */
final class RetrainSubmission {
  // the Retrainer's logger: what it logs is the Retrainer's
  private static final Logger LOG = Logger.getLogger(Retrainer.class.getName());

  private final AlertRepository alerts;
  private final TuningService tuning;
  private final Path outputDir;
  private final RetrainSafeguards safeguards;

  /**
   * @param outputDir where the retraining datasets are written: a folder of the service's own
   *     (under {@code --data}) that the tuner lets the service's own jobs read
   */
  RetrainSubmission(
      AlertRepository alerts, TuningService tuning, Path outputDir, RetrainSafeguards safeguards) {
    this.alerts = alerts;
    this.tuning = tuning;
    this.outputDir = outputDir;
    this.safeguards = safeguards;
  }

  /** The folder of a monitor's retraining files (an alert's own job trains on a file there). */
  Path folder(String monitorId) {
    return outputDir.resolve(monitorId);
  }

  /**
   * Writes the alert's training data ({@code original}'s rows, then {@code captured}'s) and submits
   * its job as a warm-start of {@code parent}; true when this call submitted it, false when another
   * replica had (its job is recorded) or a job of its name is not the alert's (abandoned).
   *
   * @param windows the alerting windows
   * @param labelled the labelled rows captured from the first of them on
   * @param baseline the monitor's stored baseline: the features and training data hash {@code
   *     original} was checked against
   */
  boolean submit(
      AlertRecord a,
      MonitorSpec spec,
      JobRecord parent,
      List<Long> windows,
      long labelled,
      Baseline baseline,
      Dataset original,
      LabelRepository.Captured captured) {
    AlertRetraining r = a.retraining();
    String name = name(parent.spec().name(), a.id());
    Path dir = folder(a.monitorId());
    String sha256 = baseline.provenance().datasetSha256();
    int cols = baseline.schema().size();
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
    Path features = dir.resolve(stem + RetrainSafeguards.FEATURES_SUFFIX);
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
      if (safeguards.refuseForeign(a, theirs, parent.id(), dir)) {
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

  /** The tuner's job named {@code name}, if any (paging through all jobs). */
  Optional<JobRecord> findByName(String name) {
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

  private static String range(List<Long> windows) {
    return windows.size() == 1
        ? String.valueOf(windows.get(0))
        : windows.get(0) + ".." + windows.get(windows.size() - 1);
  }
}
