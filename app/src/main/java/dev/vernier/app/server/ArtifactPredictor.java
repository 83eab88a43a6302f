package dev.vernier.app.server;

import dev.vernier.core.data.Dataset;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.Kernels;
import dev.vernier.monitor.service.BaselinePredictor;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.service.TuningService;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.algorithm.Predictions;
import dev.vernier.worker.artifact.ArtifactFormat;
import dev.vernier.worker.artifact.ModelArtifact;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The model of a monitor is the best trial of its tuning job: its artifact is loaded and applied to
 * the baseline data, so the baseline holds the model's own prediction profile and quality.
 */
final class ArtifactPredictor implements BaselinePredictor {
  private static final Logger LOG = Logger.getLogger(ArtifactPredictor.class.getName());

  private final TuningService tuning;

  ArtifactPredictor(TuningService tuning) {
    this.tuning = tuning;
  }

  @Override
  public Optional<Predictions> predict(MonitorSpec spec, Dataset data) {
    if (spec.jobId() == null) {
      return Optional.empty();
    }
    Optional<TrialRecord> best = tuning.best(spec.jobId());
    if (best.isEmpty() || best.get().artifactPath() == null) {
      LOG.info("monitor " + spec.name() + ": job " + spec.jobId() + " has no model yet");
      return Optional.empty();
    }
    try {
      ModelArtifact artifact = ArtifactFormat.read(Path.of(best.get().artifactPath()));
      String algorithm = artifact.provenance().algorithm();
      Model m = Algorithms.get("provenance.algorithm", algorithm).load(artifact);
      if (m.features() != data.cols()) {
        return Optional.empty();
      }
      dev.vernier.worker.algorithm.Predictions p;
      try (Kernels k = Backends.open("auto", Backends.defaultThreads())) {
        p = m.predict(data, k);
      }
      double[] values = new double[p.rows()];
      int max = 0;
      for (int i = 0; i < values.length; i++) {
        values[i] = p.primary(i);
        max = Math.max(max, (int) values[i]);
      }
      boolean classes = "predicted_label".equals(p.columns().get(0));
      int k = classes ? Math.max(max + 1, data.hasLabels() ? data.inferClassCount() : 0) : 0;
      return Optional.of(
          new Predictions(values, k, spec.jobId() + "/trial-" + best.get().number(), algorithm));
    } catch (Exception e) {
      LOG.log(Level.WARNING, "monitor " + spec.name() + ": cannot apply the job's model", e);
      return Optional.empty();
    }
  }
}
