package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where train, predict and model inspect read and write: "-" for standard input and output, {@code
 * --output json}, and the deprecated {@code --output FILE} spelling.
 */
class CliStreamsAndJsonOutputTest extends CliTest {
  @Test
  void dashIsStandardInputForDataAndModelsAndStandardOutputForPredictions() throws IOException {
    byte[] train = Files.readAllBytes(csv("train.csv", 200, 4));
    Path model = dir.resolve("km");
    Result t =
        runIn(
            train,
            "train",
            "--algorithm",
            "kmeans",
            "--train",
            "-",
            "--hp",
            "k=2",
            "--backend",
            "java",
            "--model-dir",
            model.toString());
    assertEquals(0, t.code(), t.err());
    byte[] file = Files.readAllBytes(model.resolve("model.vernier"));
    Result i = runIn(file, "model", "inspect", "-", "--output", "json");
    assertEquals(0, i.code(), i.err());
    assertEquals(
        "kmeans",
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(i.out())
            .path("provenance")
            .path("algorithm")
            .asText(),
        i.out());
    Result p =
        runIn(
            train,
            "predict",
            "--model",
            model.toString(),
            "--input",
            "-",
            "--predictions",
            "-",
            "--backend",
            "java");
    assertEquals(0, p.code(), p.err());
    List<String> rows = p.out().lines().toList();
    assertEquals("closest_cluster,distance_to_cluster", rows.get(0), p.out());
    assertEquals(201, rows.size(), "a header and a row per input row on standard output alone");
    assertTrue(p.err().contains("200 predictions written to -"), p.err());
    // standard input is read once
    assertBadInput(
        runIn(
            train,
            "train",
            "--algorithm",
            "kmeans",
            "--train",
            "-",
            "--validation",
            "-",
            "--hp",
            "k=2",
            "--model-dir",
            model.toString()),
        "--validation",
        "only one file argument may be -");
  }

  @Test
  void trainAndPredictPrintJsonWithOutputJsonAndStillTakeOutputFile() throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Path train = csv("train.csv", 200, 1);
    Path model = dir.resolve("m");
    Result t =
        train(train, "--hp", "epochs=2", "--model-dir", model.toString(), "--output", "json");
    assertEquals(0, t.code(), t.err());
    com.fasterxml.jackson.databind.JsonNode j = json.readTree(t.out());
    assertEquals(model.resolve("model.vernier").toString(), j.path("model").asText(), t.out());
    assertEquals(2, j.path("epochs").asInt(), t.out());
    assertEquals("mlp", j.path("provenance").path("algorithm").asText(), t.out());
    assertTrue(j.path("metrics").has("validation:accuracy"), t.out());
    assertEquals(180, j.path("train").path("rows").asInt(), t.out());
    assertEquals(20, j.path("validation").path("rows").asInt(), t.out());
    assertTrue(t.err().contains("epoch=2 "), "the epoch lines go to standard error: " + t.err());

    Path preds = dir.resolve("p.csv");
    Result p =
        run(
            "predict",
            "--model",
            model.toString(),
            "--input",
            train.toString(),
            "--predictions",
            preds.toString(),
            "--backend",
            "java",
            "--output",
            "json");
    assertEquals(0, p.code(), p.err());
    j = json.readTree(p.out());
    assertEquals(200, j.path("predictions").asInt(), p.out());
    assertEquals(preds.toString(), j.path("file").asText(), p.out());
    assertEquals("predicted_label", j.path("columns").path(0).asText(), p.out());
    assertTrue(j.path("accuracy").asDouble() > 0.9, p.out());
    assertEquals(201, Files.readAllLines(preds).size());
    // with --predictions -, the CSV alone on standard output and the JSON on standard error
    p =
        run(
            "predict",
            "--model",
            model.toString(),
            "--input",
            train.toString(),
            "--predictions",
            "-",
            "--backend",
            "java",
            "--output",
            "json");
    assertEquals(0, p.code(), p.err());
    assertEquals(201, p.out().lines().count(), p.out());
    assertEquals(200, json.readTree(p.err()).path("predictions").asInt(), p.err());

    // the old spelling: --output names the file, with one deprecation line on standard error
    Path old = dir.resolve("old");
    t = train(train, "--hp", "epochs=1", "--output", old.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(Files.isRegularFile(old.resolve("model.vernier")));
    assertTrue(t.out().contains("model written to"), t.out());
    assertEquals(
        "warning: --output DIR is deprecated here; use --model-dir DIR (--output now takes text"
            + " or json)",
        t.err().strip());
    Path oldPreds = dir.resolve("old.csv");
    p =
        run(
            "predict",
            "--model",
            old.toString(),
            "--input",
            train.toString(),
            "--output",
            oldPreds.toString(),
            "--backend",
            "java");
    assertEquals(0, p.code(), p.err());
    assertEquals(201, Files.readAllLines(oldPreds).size());
    assertTrue(p.out().contains("200 predictions written to " + oldPreds), p.out());
    assertTrue(p.err().contains("deprecated") && p.err().contains("--predictions FILE"), p.err());
    // the file is required, and given twice is bad input
    Result missing =
        run("predict", "--model", old.toString(), "--input", train.toString(), "--backend", "java");
    assertEquals(2, missing.code(), missing.err());
    assertTrue(missing.err().contains("--predictions"), missing.err());
    assertBadInput(
        train(train, "--model-dir", old.toString(), "--output", dir.resolve("x").toString()),
        "--output",
        "text or json when --model-dir is given");
    Result noDir = run("train", "--algorithm", "mlp", "--train", train.toString());
    assertEquals(2, noDir.code(), noDir.err());
    assertTrue(noDir.err().contains("--model-dir"), noDir.err());
  }
}
