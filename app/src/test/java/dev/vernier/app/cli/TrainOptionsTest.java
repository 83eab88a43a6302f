package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --hp}: each name once, as name=value, checked before any data is read. */
class TrainOptionsTest {
  @TempDir Path dir;

  @Test
  void aHyperparameterGivenTwiceIsRefusedNotSilentlyTheLast() throws Exception {
    Path data = Files.writeString(dir.resolve("d.csv"), "0,1,2\n1,2,3\n0,1,1\n1,3,3\n".repeat(10));
    Path model = dir.resolve("model");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--algorithm",
            "kmeans",
            "--train",
            data.toString(),
            "--hp",
            "k=3",
            "--hp",
            "k=2",
            "--model-dir",
            model.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.err().contains("--hp: gives k twice (k=3 before); give each name once, got 'k=2'"),
        r.err());
    assertFalse(Files.exists(model.resolve("model.vernier")));

    r =
        CliTest.run(
            "train",
            "--algorithm",
            "kmeans",
            "--train",
            data.toString(),
            "--hp",
            "k",
            "--model-dir",
            model.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--hp: must be name=value, got 'k'"), r.err());

    r =
        CliTest.run(
            "train",
            "--algorithm",
            "kmeans",
            "--train",
            data.toString(),
            "--hp",
            "k=2",
            "--model-dir",
            model.toString());
    assertEquals(0, r.code(), r.err());
  }
}
