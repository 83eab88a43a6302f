package dev.vernier.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vernier.core.catalog.Direction;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.kernels.Backends;
import dev.vernier.worker.artifact.ArtifactFormat;
import dev.vernier.worker.artifact.ModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built-in trial with {@code objectiveAggregation best}: an MLP whose learning rate is too large
 * has a validation loss that falls then rises; the trial reports the best epoch's value and stores
 * that epoch's model. With {@code latest} it reports and stores the last.
 */
class BuiltInBestEpochTest {
  @TempDir Path dir;

  private TrialReport run(String aggregation, List<Double> curve) throws Exception {
    StringBuilder csv = new StringBuilder();
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 400; i++) {
      int c = r.nextInt(3);
      csv.append(c);
      for (int j = 0; j < 4; j++) {
        csv.append(',').append((j == c ? 1.5 : 0) + r.nextGaussian());
      }
      csv.append('\n');
    }
    Path train = Files.writeString(dir.resolve("train.csv"), csv.toString());
    TrialAssignment a =
        new TrialAssignment(
            "l",
            "j",
            1,
            1,
            0,
            "mlp",
            null,
            Map.of("epochs", "12", "learning_rate", "4", "hidden_units", "16"),
            Map.of("train", new TrialAssignment.ChannelData(train.toString(), null, "auto")),
            7,
            "validation:cross_entropy",
            Map.of(),
            0,
            10,
            aggregation,
            Direction.MINIMIZE);
    BuiltInExecutor x =
        new BuiltInExecutor(
            () -> Backends.open("java", 1), Clock.systemUTC(), new DatasetCache(List.of()));
    Path work = Files.createDirectories(dir.resolve(aggregation));
    return x.run(
        a,
        work,
        (e, m) -> {
          curve.add(m.get("validation:cross_entropy"));
          return false;
        });
  }

  @Test
  void bestReportsAndKeepsTheBestEpoch() throws Exception {
    List<Double> curve = new ArrayList<>();
    TrialReport rep = run("best", curve);
    double best = curve.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertNotEquals(
        best, curve.get(curve.size() - 1), "the loss must rise after its best: " + curve);
    assertEquals(best, rep.objective());
    ModelArtifact m = ArtifactFormat.read(Path.of(rep.artifactPath()).getParent());
    assertEquals(best, m.metrics().get("validation:cross_entropy"));
    assertEquals(12, m.epochs(), "trained on to the end");
  }

  @Test
  void latestReportsAndKeepsTheLastEpoch() throws Exception {
    List<Double> curve = new ArrayList<>();
    TrialReport rep = run("latest", curve);
    assertEquals(curve.get(curve.size() - 1), rep.objective());
    ModelArtifact m = ArtifactFormat.read(Path.of(rep.artifactPath()).getParent());
    assertEquals(curve.get(curve.size() - 1), m.metrics().get("validation:cross_entropy"));
  }

  @Test
  void theAggregationTravelsAsJsonAndAnOlderServiceMeansLatest() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    TrialAssignment a =
        new TrialAssignment(
            "l",
            "j",
            1,
            1,
            0,
            "mlp",
            null,
            Map.of(),
            Map.of(),
            7,
            "m",
            Map.of(),
            0,
            10,
            "best",
            Direction.MAXIMIZE);
    assertEquals(a, json.readValue(json.writeValueAsString(a), TrialAssignment.class));
    var old = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(a);
    old.remove("objectiveAggregation");
    old.remove("objectiveDirection");
    TrialAssignment back = json.treeToValue(old, TrialAssignment.class);
    assertEquals("latest", back.objectiveAggregation());
    assertEquals(false, back.keepsBestEpoch());
  }
}
