package dev.vernier.monitor.retrain;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.IdxWriter;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.tuner.job.Channel;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.Limits;
import dev.vernier.tuner.job.WarmStart;
import dev.vernier.tuner.service.TuningService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers alerts whose retraining is PENDING (the cool-down was claimed when the alert was stored)
 * by submitting, through the tuner's public service, a warm-start ({@code transfer}) job whose
 * parent is the monitor's job: the parent's algorithm, ranges and objective, trained on the
 * original training data plus the captured rows (written as IDX under the data root).
 *
 * <p>Exactly one job per alert: the job's name is derived from the alert id, and a job of that name
 * found on a retry (after a crash between submitting and recording) is recorded instead of
 * submitting again.
 */
public final class Retrainer {
  private static final Logger LOG = Logger.getLogger(Retrainer.class.getName());

  private final MonitorStore store;
  private final TuningService tuning;
  private final Path outputDir;
  private final Function<String, Optional<MonitorSpec>> specs;

  /**
   * @param outputDir where the retraining datasets are written (under a data root)
   * @param specs a monitor's spec by id
   */
  public Retrainer(
      MonitorStore store,
      TuningService tuning,
      Path outputDir,
      Function<String, Optional<MonitorSpec>> specs) {
    this.store = store;
    this.tuning = tuning;
    this.outputDir = outputDir;
    this.specs = specs;
  }

  /** Handles every pending alert; returns how many jobs were submitted (or found). */
  public int runPending() {
    int n = 0;
    for (AlertRecord a : store.pendingRetraining()) {
      try {
        String job = retrain(a);
        store.setRetraining(a.id(), "SUBMITTED", job, null);
        n++;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "alert " + a.id() + ": retraining failed", e);
        store.setRetraining(a.id(), "FAILED", null, String.valueOf(e.getMessage()));
      }
    }
    return n;
  }

  private String retrain(AlertRecord a) {
    MonitorSpec spec =
        specs
            .apply(a.monitorId())
            .orElseThrow(() -> new IllegalStateException("monitor " + a.monitorId() + " is gone"));
    if (spec.jobId() == null) {
      throw new IllegalStateException("the monitor names no jobId to retrain from");
    }
    JobRecord parent =
        tuning
            .job(spec.jobId())
            .orElseThrow(() -> new IllegalStateException("job " + spec.jobId() + " not found"));
    String name = name(parent.spec().name(), a.id());
    Optional<JobRecord> existing = findByName(name);
    if (existing.isPresent()) {
      return existing.get().id();
    }
    Dataset original = spec.baseline().read();
    float[][] captured = store.captured(a.monitorId(), original.cols());
    int extra = captured[1].length;
    int rows = original.rows() + extra;
    float[] x = new float[rows * original.cols()];
    float[] y = new float[rows];
    System.arraycopy(original.features(), 0, x, 0, original.features().length);
    System.arraycopy(captured[0], 0, x, original.features().length, captured[0].length);
    System.arraycopy(original.labels(), 0, y, 0, original.rows());
    System.arraycopy(captured[1], 0, y, original.rows(), extra);
    Path dir = outputDir.resolve(a.monitorId());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path features = dir.resolve("alert-" + a.id() + "-features.idx");
    Path labels = dir.resolve("alert-" + a.id() + "-labels.idx");
    IdxWriter.writeFeatures(features, rows, original.cols(), x);
    IdxWriter.writeLabels(labels, y);
    JobSpec p = parent.spec();
    Map<String, Channel> channels = new HashMap<>(p.channels());
    channels.put("train", new Channel(features.toAbsolutePath(), labels.toAbsolutePath(), "idx"));
    JobSpec child =
        new JobSpec(
            name,
            p.algorithm(),
            p.command(),
            channels,
            p.objective(),
            p.ranges(),
            p.staticHyperparameters(),
            p.strategy(),
            new Limits(
                spec.retraining().maxTrials(),
                p.limits().maxParallelTrials(),
                p.limits().maxRuntimePerTrial(),
                p.limits().maxRuntime()),
            p.earlyStopping(),
            p.completion(),
            new WarmStart(List.of(parent.id()), WarmStart.Type.TRANSFER),
            p.seed() + a.id(),
            p.metricDefinitions());
    JobRecord job = tuning.submit(child);
    LOG.info(
        "alert "
            + a.id()
            + ": retraining job "
            + job.id()
            + " on "
            + original.rows()
            + " original + "
            + extra
            + " captured rows, parent "
            + parent.id());
    return job.id();
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
