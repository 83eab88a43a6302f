package dev.vernier.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.Version;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.Split;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.algorithm.EpochReporter;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.algorithm.Predictions;
import dev.vernier.worker.artifact.ArtifactFormat;
import dev.vernier.worker.artifact.ModelArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models are stored with their provenance and load back to the same predictions. */
class TrainerTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void everyAlgorithmRoundTripsThroughItsArtifactWithProvenance() throws IOException {
    Dataset blobs = Synthetic.blobs(300, 5, 3, 3, 1);
    Split s = Split.holdOut(blobs, 0.2, 1);
    Map<String, Map<String, String>> hps =
        Map.of(
            "mlp", Map.of("epochs", "2", "hidden_units", "8"),
            "kmeans", Map.of("k", "3"),
            "linear-learner", Map.of("predictor_type", "multiclass_classifier", "epochs", "2"));
    try (Kernels k = Backends.open("java", 1)) {
      for (var e : hps.entrySet()) {
        Path out = dir.resolve(e.getKey());
        Trainer.Trained t =
            new Trainer(CLOCK)
                .train(
                    Algorithms.get(e.getKey()),
                    s.train(),
                    s.validation(),
                    e.getValue(),
                    42,
                    k,
                    EpochReporter.IGNORE,
                    out);
        assertEquals(out.resolve("model.vernier"), t.file());
        ModelArtifact a = ArtifactFormat.read(out);
        assertEquals(e.getKey(), a.provenance().algorithm());
        assertEquals(42, a.provenance().seed());
        assertEquals(s.train().sha256(), a.provenance().trainDatasetSha256());
        assertEquals(s.validation().sha256(), a.provenance().validationDatasetSha256());
        assertEquals(k.description(), a.provenance().backend());
        assertEquals(Version.get(), a.provenance().vernierVersion());
        assertEquals("2026-01-02T03:04:05Z", a.provenance().createdAt());
        // defaults are recorded too, not only what was given
        assertEquals(
            Algorithms.get(e.getKey()).spec().hyperparameters().size(),
            a.provenance().hyperparameters().size());
        assertEquals(t.result().last().metrics(), a.metrics());
        Model loaded = Algorithms.get(e.getKey()).load(a);
        Predictions before = t.result().model().predict(blobs, k);
        Predictions after = loaded.predict(blobs, k);
        assertEquals(before.columns(), after.columns());
        assertArrayEquals(before.values(), after.values(), e.getKey());
      }
    }
  }

  @Test
  void aCorruptedOrForeignFileIsRefusedWithAReason() throws IOException {
    Dataset blobs = Synthetic.blobs(100, 3, 2, 3, 1);
    Split s = Split.holdOut(blobs, 0.2, 1);
    try (Kernels k = Backends.open("java", 1)) {
      new Trainer(CLOCK)
          .train(
              Algorithms.get("kmeans"),
              s.train(),
              s.validation(),
              Map.of("k", "2"),
              1,
              k,
              EpochReporter.IGNORE,
              dir);
    }
    Path file = dir.resolve("model.vernier");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 3] ^= 0x55;
    Files.write(file, bytes);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ArtifactFormat.read(dir));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());

    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    e = assertThrows(InvalidInputException.class, () -> ArtifactFormat.read(dir));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());

    Files.writeString(file, "hello", StandardOpenOption.TRUNCATE_EXISTING);
    e = assertThrows(InvalidInputException.class, () -> ArtifactFormat.read(dir));
    assertTrue(e.getMessage().contains("not a Vernier model"), e.getMessage());

    e = assertThrows(InvalidInputException.class, () -> ArtifactFormat.read(dir.resolve("nope")));
    assertEquals("--model", e.field());
  }

  @Test
  void badHyperparametersFailBeforeTraining() {
    Dataset blobs = Synthetic.blobs(100, 3, 2, 3, 1);
    try (Kernels k = Backends.open("java", 1)) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  new Trainer(CLOCK)
                      .train(
                          Algorithms.get("mlp"),
                          blobs,
                          blobs,
                          Map.of("mini_batch_size", "zero"),
                          1,
                          k,
                          EpochReporter.IGNORE,
                          dir));
      assertEquals("mini_batch_size", e.field());
      assertTrue(e.getMessage().contains("must be an integer"), e.getMessage());
    }
    assertTrue(Files.notExists(dir.resolve("model.vernier")));
  }

  /**
   * Issue 13: the model reader multiplied a tensor's rows by its cols unchecked and took two
   * negative dimensions. The header's sizes are checked against the file before any allocation.
   */
  @Test
  void aHeaderThatDeclaresSizesTheFileDoesNotHoldIsRefusedBeforeAllocating() throws IOException {
    Dataset blobs = Synthetic.blobs(100, 3, 2, 3, 1);
    Split s = Split.holdOut(blobs, 0.2, 1);
    try (Kernels k = Backends.open("java", 1)) {
      new Trainer(CLOCK)
          .train(
              Algorithms.get("kmeans"),
              s.train(),
              s.validation(),
              Map.of("k", "2"),
              1,
              k,
              EpochReporter.IGNORE,
              dir);
    }
    Path file = dir.resolve("model.vernier");
    byte[] good = Files.readAllBytes(file);
    int headerLen = java.nio.ByteBuffer.wrap(good, 20, 4).getInt();
    String header = new String(good, 24, headerLen, java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(header.matches("(?s).*\"rows\"\\s*:\\s*\\d+.*\"cols\"\\s*:\\s*\\d+.*"), header);
    for (String[] dims : new String[][] {{"-1", "-3"}, {"65536", "65536"}, {"1.5", "2"}}) {
      String forged =
          header
              .replaceFirst("\"rows\"\\s*:\\s*\\d+", "\"rows\" : " + dims[0])
              .replaceFirst("\"cols\"\\s*:\\s*\\d+", "\"cols\" : " + dims[1]);
      byte[] h = forged.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      out.write(good, 0, 20);
      out.write(java.nio.ByteBuffer.allocate(4).putInt(h.length).array());
      out.write(h);
      out.write(good, 24 + headerLen, good.length - 24 - headerLen);
      Files.write(file, out.toByteArray());
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> ArtifactFormat.read(dir));
      // refused for the header's sizes, not later for a checksum the forged sizes happened to break
      assertTrue(
          e.getMessage().contains("rows and cols must be integers")
              || e.getMessage().contains("declares more values than fit"),
          e.getMessage());
    }
    // a payload shorter or longer than the header declares
    Files.write(file, java.util.Arrays.copyOf(good, good.length + 8));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ArtifactFormat.read(dir));
    assertTrue(e.getMessage().contains("declares"), e.getMessage());
  }
}
