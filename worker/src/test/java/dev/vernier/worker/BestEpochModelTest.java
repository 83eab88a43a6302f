package dev.vernier.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.Split;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.algorithm.Directive;
import dev.vernier.worker.algorithm.EpochReport;
import dev.vernier.worker.algorithm.EpochReporter;
import dev.vernier.worker.artifact.ArtifactFormat;
import dev.vernier.worker.artifact.ModelArtifact;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A reporter that keeps an epoch's model ({@link EpochReporter#keepModel}) gets that epoch's model
 * stored, with that epoch's metrics: the same predictions as a run that trained only that long.
 */
class BestEpochModelTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "linear-learner", "kmeans"})
  void theKeptEpochsModelIsStoredNotTheLast(String algorithm) throws Exception {
    Dataset blobs = Synthetic.blobs(300, 5, 3, 3, 1);
    Split s = Split.holdOut(blobs, 0.2, 1);
    Map<String, String> hp =
        switch (algorithm) {
          case "mlp" -> Map.of("hidden_units", "8");
          case "kmeans" -> Map.of("k", "6", "init_method", "random", "tol", "0");
          default -> Map.of("predictor_type", "multiclass_classifier");
        };
    String epochs = algorithm.equals("kmeans") ? "max_iterations" : "epochs";
    try (Kernels k = Backends.open("java", 1)) {
      EpochReporter keepSecond =
          new EpochReporter() {
            @Override
            public Directive report(EpochReport r) {
              return Directive.CONTINUE;
            }

            @Override
            public boolean keepModel(EpochReport r) {
              return r.epoch() == 2;
            }
          };
      Map<String, String> five = new java.util.HashMap<>(hp);
      five.put(epochs, "5");
      Trainer.Trained kept =
          new Trainer(TrainerTest.CLOCK)
              .train(
                  Algorithms.get(algorithm),
                  s.train(),
                  s.validation(),
                  five,
                  42,
                  k,
                  keepSecond,
                  dir.resolve("kept"));
      Map<String, String> two = new java.util.HashMap<>(hp);
      two.put(epochs, "2");
      Trainer.Trained short2 =
          new Trainer(TrainerTest.CLOCK)
              .train(
                  Algorithms.get(algorithm),
                  s.train(),
                  s.validation(),
                  two,
                  42,
                  k,
                  EpochReporter.IGNORE,
                  dir.resolve("two"));
      assertEquals(5, kept.result().epochs().size(), "trained all five epochs");
      assertEquals(2, kept.result().modelEpoch());
      ModelArtifact a = ArtifactFormat.read(dir.resolve("kept"));
      assertEquals(kept.result().epochs().get(1).metrics(), a.metrics());
      assertArrayEquals(
          short2.result().model().predict(blobs, k).values(),
          Algorithms.get(algorithm).load(a).predict(blobs, k).values());
    }
  }
}
