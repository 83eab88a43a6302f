package dev.vernier.worker;

import dev.vernier.core.Version;
import dev.vernier.core.catalog.Hyperparameters;
import dev.vernier.core.data.Dataset;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Algorithm;
import dev.vernier.worker.algorithm.EpochReporter;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.algorithm.TrainingResult;
import dev.vernier.worker.algorithm.TrainingRun;
import dev.vernier.worker.artifact.ArtifactFormat;
import dev.vernier.worker.artifact.ModelArtifact;
import dev.vernier.worker.artifact.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Trains one model and stores it with its provenance: what {@code vernier train} and a worker slot
 * run for one trial. The clock is injected so provenance timestamps are testable.
 */
public final class Trainer {
  private final Clock clock;

  public Trainer(Clock clock) {
    this.clock = clock;
  }

  /** The stored model: its artifact (with provenance) and where it was written. */
  public record Trained(ModelArtifact artifact, Path file, TrainingResult result) {}

  /**
   * Validates the hyperparameters, trains, and writes {@code outputDir/model.vernier}.
   *
   * @throws dev.vernier.core.InvalidInputException for bad hyperparameters or data
   */
  public Trained train(
      Algorithm algorithm,
      Dataset train,
      Dataset validation,
      Map<String, ?> hyperparameters,
      long seed,
      Kernels kernels,
      EpochReporter reporter,
      Path outputDir) {
    Hyperparameters hp = algorithm.spec().resolve(hyperparameters);
    TrainingResult result =
        algorithm.train(new TrainingRun(train, validation, hp, seed, kernels, reporter));
    Model model = result.model();
    Provenance provenance =
        new Provenance(
            algorithm.name(),
            hp.asStrings(),
            seed,
            train.name(),
            train.sha256(),
            validation.sha256(),
            train.rows(),
            kernels.description(),
            Version.get(),
            clock.instant().toString());
    ModelArtifact artifact =
        new ModelArtifact(
            ArtifactFormat.VERSION,
            provenance,
            model.features(),
            model.settings(),
            result.modelReport().metrics(),
            result.epochs().size(),
            result.stoppedEarly(),
            model.outputColumns(),
            model.tensors());
    try {
      return new Trained(artifact, ArtifactFormat.write(artifact, outputDir), result);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model to " + outputDir, e);
    }
  }
}
