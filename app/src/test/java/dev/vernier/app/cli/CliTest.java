package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract: train and predict on the user's files, exit 2 with a message on bad input. */
class CliTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        VernierCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** As {@link #run}, with {@code stdin} as standard input. */
  static Result runIn(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        VernierCommand.run(
            args,
            new java.io.ByteArrayInputStream(stdin),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Two well separated classes in 4 features, label first. */
  Path csv(String name, int rows, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    String body =
        IntStream.range(0, rows)
            .mapToObj(
                i -> {
                  int y = r.nextInt(2);
                  StringBuilder sb = new StringBuilder().append(y);
                  for (int j = 0; j < 4; j++) {
                    sb.append(',')
                        .append(
                            String.format(
                                Locale.ROOT, "%.4f", (y == 0 ? -2 : 2) + r.nextGaussian()));
                  }
                  return sb.toString();
                })
            .collect(Collectors.joining("\n"));
    Path p = dir.resolve(name);
    Files.writeString(p, body + "\n");
    return p;
  }

  @Test
  void helpListsTheCommands() {
    Result r = run("--help");
    assertEquals(0, r.code());
    for (String c : List.of("train", "predict", "algorithms", "bench")) {
      assertTrue(r.out().contains(c), r.out());
    }
  }

  @Test
  void trainPrintsOneLinePerEpochThenPredictWritesAndScores() throws IOException {
    Path train = csv("train.csv", 400, 1);
    Path test = csv("test.csv", 100, 2);
    Path model = dir.resolve("model");
    Result t =
        run(
            "train",
            "--algorithm",
            "mlp",
            "--train",
            train.toString(),
            "--validation",
            test.toString(),
            "--hp",
            "epochs=3",
            "--hp",
            "hidden_units=8",
            "--seed",
            "5",
            "--backend",
            "java",
            "--threads",
            "1",
            "--model-dir",
            model.toString());
    assertEquals(0, t.code(), t.err());
    Pattern epoch =
        Pattern.compile(
            "^epoch=(\\d+) train:cross_entropy=\\S+ validation:cross_entropy=\\S+ validation:accuracy=(\\S+) seconds=\\S+ backend=java$",
            Pattern.MULTILINE);
    Matcher m = epoch.matcher(t.out());
    int epochs = 0;
    double acc = 0;
    while (m.find()) {
      epochs++;
      acc = Double.parseDouble(m.group(2));
    }
    assertEquals(3, epochs, t.out());
    assertTrue(acc > 0.95, t.out());
    assertTrue(Files.isRegularFile(model.resolve("model.vernier")));

    Path preds = dir.resolve("preds.csv");
    Result p =
        run(
            "predict",
            "--model",
            model.toString(),
            "--input",
            test.toString(),
            "--predictions",
            preds.toString(),
            "--backend",
            "java");
    assertEquals(0, p.code(), p.err());
    List<String> lines = Files.readAllLines(preds);
    assertEquals("predicted_label,probability", lines.get(0));
    assertEquals(101, lines.size());
    assertTrue(p.out().contains("accuracy="), p.out());

    // the same rows without their label column predict the same
    Path unlabelled = dir.resolve("unlabelled.csv");
    Files.write(
        unlabelled,
        Files.readAllLines(test).stream().map(l -> l.substring(l.indexOf(',') + 1)).toList());
    Path preds2 = dir.resolve("preds2.csv");
    Result p2 =
        run(
            "predict",
            "--model",
            model.toString(),
            "--input",
            unlabelled.toString(),
            "--predictions",
            preds2.toString(),
            "--backend",
            "java");
    assertEquals(0, p2.code(), p2.err());
    assertEquals(lines, Files.readAllLines(preds2));
  }

  @Test
  void libsvmAndHeldOutValidationWork() throws IOException {
    List<String> rows = Files.readAllLines(csv("t.csv", 300, 3));
    Path svm = dir.resolve("t.libsvm");
    Files.write(
        svm,
        rows.stream()
            .map(
                l -> {
                  String[] c = l.split(",");
                  StringBuilder sb = new StringBuilder(c[0]);
                  for (int j = 1; j < c.length; j++) {
                    sb.append(' ').append(j).append(':').append(c[j]);
                  }
                  return sb.toString();
                })
            .toList());
    Result t =
        run(
            "train",
            "--algorithm",
            "linear-learner",
            "--train",
            svm.toString(),
            "--hp",
            "predictor_type=binary_classifier",
            "--hp",
            "epochs=2",
            "--backend",
            "java",
            "--model-dir",
            dir.resolve("lin").toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("[validation] (30 rows)"), t.out());
    assertTrue(t.out().contains("epoch=2 "), t.out());
  }

  @Test
  void kmeansOnCsv() throws IOException {
    Result t =
        run(
            "train",
            "--algorithm",
            "kmeans",
            "--train",
            csv("k.csv", 200, 4).toString(),
            "--hp",
            "k=2",
            "--backend",
            "java",
            "--model-dir",
            dir.resolve("km").toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("train:msd="), t.out());
  }

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

  void assertBadInput(Result r, String... fragments) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "missing '" + f + "' in: " + r.err());
    }
    assertFalse(r.err().contains("\tat "), "stack trace printed: " + r.err());
  }

  Result train(Path file, String... extra) {
    List<String> given = List.of(extra);
    List<String> args =
        new java.util.ArrayList<>(
            List.of("train", "--algorithm", "mlp", "--train", file.toString()));
    if (!given.contains("--backend")) {
      args.addAll(List.of("--backend", "java"));
    }
    if (!given.contains("--model-dir") && !given.contains("--output")) {
      args.addAll(List.of("--model-dir", dir.resolve("out").toString()));
    }
    args.addAll(given);
    return run(args.toArray(String[]::new));
  }

  @Test
  void raggedCsvNamesLineAndRule() throws IOException {
    Path f = dir.resolve("ragged.csv");
    Files.writeString(f, "0,1,2,3\n1,1,2,3\n0,1,2\n");
    assertBadInput(train(f), "ragged.csv:3", "every row must have 4 cells");
  }

  @Test
  void nonNumericCellNamesLineColumnAndValue() throws IOException {
    Path f = dir.resolve("text.csv");
    Files.writeString(f, "0,1,2,3\n1,1,abc,3\n");
    assertBadInput(train(f), "text.csv:2:3", "cells must be numbers", "'abc'");
  }

  @Test
  void labelOutOfRangeIsNamed() throws IOException {
    assertBadInput(
        train(csv("l.csv", 50, 1), "--hp", "num_classes=1"), "num_classes", "at least 2");
    Path f = dir.resolve("neg.csv");
    Files.writeString(
        f, "0,1,2\n-1,1,2\n1,0,0\n0,0,1\n1,1,1\n0,2,2\n1,3,3\n0,4,4\n1,5,5\n0,6,6\n1,7,7\n");
    assertBadInput(train(f), "label", "non-negative integers");
  }

  @Test
  void hyperparameterOutOfRangeOrOfTheWrongTypeOrUnknown() throws IOException {
    Path f = csv("h.csv", 50, 1);
    assertBadInput(train(f, "--hp", "learning_rate=20"), "learning_rate", "between", "20");
    assertBadInput(train(f, "--hp", "epochs=two"), "epochs", "must be an integer", "'two'");
    assertBadInput(train(f, "--hp", "activation=sigmoid"), "activation", "[relu, tanh]");
    assertBadInput(train(f, "--hp", "dropout=0.5"), "dropout", "is not a hyperparameter of mlp");
  }

  @Test
  void unknownAlgorithmOrBackendListsTheKnownOnes() throws IOException {
    Path f = csv("a.csv", 50, 1);
    assertBadInput(
        run("train", "--algorithm", "xgboost", "--train", f.toString(), "--model-dir", "x"),
        "--algorithm",
        "kmeans, linear-learner, mlp");
    assertBadInput(train(f, "--backend", "cuda"), "--backend", "'cuda'", "java");
    assertBadInput(train(f, "--threads", "0"), "--threads", "at least 1");
  }

  @Test
  void wrongFileFormatAndMissingFiles() throws IOException {
    Path f = dir.resolve("junk.idx");
    Files.write(f, new byte[] {0, 0, 0x42, 1, 0, 0, 0, 1, 7});
    assertBadInput(train(f), "junk.idx", "IDX type code");
    assertBadInput(train(dir.resolve("missing.csv")), "--train", "no such file");
    Path model = dir.resolve("nomodel");
    assertBadInput(
        run(
            "predict",
            "--model",
            model.toString(),
            "--input",
            f.toString(),
            "--predictions",
            dir.resolve("p.csv").toString()),
        "--model");
  }

  @Test
  void predictRejectsInputOfTheWrongWidth() throws IOException {
    Path model = dir.resolve("m");
    assertEquals(
        0, train(csv("w.csv", 100, 1), "--hp", "epochs=1", "--model-dir", model.toString()).code());
    Path narrow = dir.resolve("narrow.csv");
    Files.writeString(narrow, "0,1\n1,2\n");
    assertBadInput(
        run(
            "predict",
            "--model",
            model.toString(),
            "--input",
            narrow.toString(),
            "--predictions",
            dir.resolve("p.csv").toString()),
        "--input",
        "4 features");
  }

  /** Rewrites the JSON header of a model file after {@code edit}, as a JSON tool would. */
  static void editHeader(
      Path file, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
      throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    byte[] good = Files.readAllBytes(file);
    int len = java.nio.ByteBuffer.wrap(good, 20, 4).getInt();
    com.fasterxml.jackson.databind.node.ObjectNode header =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(java.util.Arrays.copyOfRange(good, 24, 24 + len));
    edit.accept(header);
    byte[] h = json.writeValueAsBytes(header);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(good, 0, 20);
    out.write(java.nio.ByteBuffer.allocate(4).putInt(h.length).array());
    out.write(h);
    out.write(good, 24 + len, good.length - 24 - len);
    Files.write(file, out.toByteArray());
  }

  /**
   * Issues: an edited header (reordered tensors, another activation) predicted silently wrong, and
   * a missing or unknown header value failed with a NullPointerException or "No enum constant";
   * {@code model inspect} and {@code predict} refuse the same files, naming the file and the field.
   */
  @Test
  void anEditedOrMalformedModelHeaderIsRefusedByInspectAndPredictAlike() throws IOException {
    Path data = csv("m.csv", 100, 1);
    Path model = dir.resolve("m");
    Result t =
        train(data, "--hp", "epochs=1", "--hp", "hidden_units=4", "--model-dir", model.toString());
    assertEquals(0, t.code(), t.err());
    Path file = model.resolve("model.vernier");
    byte[] good = Files.readAllBytes(file);
    List<java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode>> edits =
        List.of(
            h ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("settings"))
                    .put("activation", "TANH"),
            h -> {
              var tensors = (com.fasterxml.jackson.databind.node.ArrayNode) h.get("tensors");
              var reversed = h.putArray("tensors");
              for (int i = tensors.size() - 1; i >= 0; i--) {
                reversed.add(tensors.get(i));
              }
            },
            // a file written before the header checksum, with a setting this Vernier lacks
            h -> {
              h.remove("headerSha256");
              ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("settings"))
                  .put("activation", "SIGMOID");
            },
            // the same, naming a tensor the model does not have: found before predicting
            h -> {
              h.remove("headerSha256");
              ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("tensors").get(0))
                  .put("name", "zzz");
            },
            h -> h.remove("epochs"),
            h -> h.putArray("outputColumns"));
    List<String> expected =
        List.of(
            "header's checksum",
            "header's checksum",
            "header field 'settings.activation'",
            "header field 'tensors'",
            "header field 'epochs': is missing",
            "header field 'outputColumns'");
    for (int i = 0; i < edits.size(); i++) {
      Files.write(file, good);
      editHeader(file, edits.get(i));
      assertBadInput(run("model", "inspect", file.toString()), file.toString(), expected.get(i));
      assertBadInput(
          run(
              "predict",
              "--model",
              model.toString(),
              "--input",
              data.toString(),
              "--predictions",
              dir.resolve("p.csv").toString(),
              "--backend",
              "java"),
          file.toString(),
          expected.get(i));
    }
    // the old-style file, unedited otherwise, still reads
    Files.write(file, good);
    editHeader(file, h -> h.remove("headerSha256"));
    Result i = run("model", "inspect", file.toString());
    assertEquals(0, i.code(), i.err());
  }

  /**
   * Issue: libsvm rows whose highest feature index never appeared were taken for a CSV without its
   * label column, and the label was shifted into the features.
   */
  @Test
  void predictReadsLibsvmWhoseLastFeatureNeverAppears() throws IOException {
    List<String> rows = Files.readAllLines(csv("t.csv", 200, 3));
    java.util.function.BiFunction<String, Boolean, Path> libsvm =
        (name, withLast) -> {
          Path p = dir.resolve(name);
          try {
            Files.write(
                p,
                rows.stream()
                    .map(
                        l -> {
                          String[] c = l.split(",");
                          StringBuilder sb = new StringBuilder(c[0]);
                          for (int j = 1; j < c.length; j++) {
                            String v = j < 4 || withLast == null ? c[j] : withLast ? "0" : null;
                            if (v != null) {
                              sb.append(' ').append(j).append(':').append(v);
                            }
                          }
                          return sb.toString();
                        })
                    .toList());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return p;
        };
    Path model = dir.resolve("lin");
    Result t =
        run(
            "train",
            "--algorithm",
            "linear-learner",
            "--train",
            libsvm.apply("train.libsvm", null).toString(),
            "--hp",
            "predictor_type=binary_classifier",
            "--hp",
            "epochs=2",
            "--backend",
            "java",
            "--model-dir",
            model.toString());
    assertEquals(0, t.code(), t.err());
    Path explicit = dir.resolve("explicit.csv");
    Path absent = dir.resolve("absent.csv");
    for (var c : List.of(List.of("zero.libsvm", explicit), List.of("absent.libsvm", absent))) {
      Path in = libsvm.apply((String) c.get(0), c.get(0).equals("zero.libsvm"));
      Result p =
          run(
              "predict",
              "--model",
              model.toString(),
              "--input",
              in.toString(),
              "--predictions",
              c.get(1).toString(),
              "--backend",
              "java");
      assertEquals(0, p.code(), p.err());
      assertTrue(p.out().contains("accuracy="), "libsvm rows carry a label: " + p.out());
    }
    assertEquals(Files.readAllLines(explicit), Files.readAllLines(absent));
  }

  /** Issue: --threads 100000 started threads until the machine ran out of them. */
  @Test
  void threadsAreCapped() throws IOException {
    Path f = csv("c.csv", 50, 1);
    assertBadInput(train(f, "--threads", "100000"), "--threads", "at most " + Threads.max());
    assertBadInput(
        run(
            "predict",
            "--model",
            dir.resolve("none").toString(),
            "--input",
            f.toString(),
            "--predictions",
            dir.resolve("p.csv").toString(),
            "--threads",
            "100000"),
        "--threads",
        "at most");
    assertEquals(0, train(f, "--hp", "epochs=1", "--threads", "3").code());
  }

  /**
   * Issues: a --model-dir that is a file, or cannot be created, failed after training with exit 1;
   * "-" made a folder named "-"; a --predictions folder failed with exit 1.
   */
  @Test
  void outputLocationsAreCheckedBeforeAnyWork() throws IOException {
    Path f = csv("o.csv", 50, 1);
    Path afile = dir.resolve("afile");
    Files.writeString(afile, "x");
    Result r = train(f, "--model-dir", afile.toString());
    assertBadInput(r, "--model-dir", "a file of that name exists");
    assertFalse(r.out().contains("epoch="), "refused before training: " + r.out());
    assertBadInput(
        train(f, "--model-dir", afile.resolve("sub").toString()),
        "--model-dir",
        "cannot be created: " + afile.toAbsolutePath() + " is a file");
    assertBadInput(train(f, "--model-dir", "-"), "--model-dir", "a model is a folder");
    assertFalse(Files.exists(Path.of("-")));
    Path pdir = dir.resolve("pdir");
    Files.createDirectories(pdir);
    assertBadInput(
        run(
            "predict",
            "--model",
            dir.resolve("none").toString(),
            "--input",
            f.toString(),
            "--predictions",
            pdir.toString()),
        "--predictions",
        "it is a directory");
  }

  @Test
  void algorithmsCommandShowsTheCatalog() {
    Result r = run("algorithms", "kmeans");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("init_method"), r.out());
    assertTrue(r.out().contains("train:msd"), r.out());
    assertFalse(r.out().contains("SageMaker"), r.out());
    r = run("algorithms", "linear-learner", "--sagemaker");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("num_point_for_scaler"), r.out());
    assertTrue(r.out().contains("ignored when auto or true"), r.out());
  }

  @Test
  void algorithmsPrintJsonWithOutputJson() throws IOException {
    Result r = run("algorithms", "--output", "json");
    assertEquals(0, r.code(), r.err());
    com.fasterxml.jackson.databind.JsonNode j =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    assertTrue(j.path("algorithms").size() > 1, r.out());
    com.fasterxml.jackson.databind.JsonNode kmeans = null;
    for (com.fasterxml.jackson.databind.JsonNode a : j.path("algorithms")) {
      if (a.path("name").asText().equals("kmeans")) {
        kmeans = a;
      }
    }
    assertTrue(kmeans != null, r.out());
    assertTrue(kmeans.path("hyperparameters").toString().contains("init_method"), r.out());
    assertTrue(kmeans.path("metrics").toString().contains("train:msd"), r.out());
    // the alias of earlier scripts, and a format that does not exist
    assertEquals(r.out(), run("algorithms", "--json").out());
    assertBadInput(run("algorithms", "--output", "yaml"), "--output", "text or json", "yaml");
  }

  @Test
  void anUnreachableServiceExits1() throws IOException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    Result r =
        run("tune", "status", "some-job", "--server", "http://127.0.0.1:" + port, "--token", "t");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("cannot reach the service"), r.err());
  }

  @Test
  void helpStatesTheConventions() {
    Result r = run("--help");
    assertTrue(r.out().contains("--output json"), r.out());
    assertTrue(r.out().contains("3 not found; 4 not authorised"), r.out());
    assertTrue(r.out().contains("tune model --to, monitor drift --table"), r.out());
    for (List<String> c :
        List.of(
            List.of("train", "--model-dir"),
            List.of("predict", "--predictions"),
            List.of("tune model", "--to"),
            List.of("monitor drift", "--table"))) {
      List<String> args = new java.util.ArrayList<>(List.of(c.get(0).split(" ")));
      args.add("--help");
      String help = run(args.toArray(String[]::new)).out();
      assertTrue(help.contains(c.get(1)), help);
      assertTrue(help.contains("--output=FORMAT"), help);
      assertTrue(help.contains("text, or json"), help);
    }
    assertTrue(run("tune", "submit", "--help").out().contains("- reads it from standard input"));
    assertEquals(2, run("tune", "status").code(), "usage errors exit 2");
  }

  @Test
  void demoTakesAPortBetween1And65535Or0() throws IOException {
    assertTrue(run("demo", "--help").out().contains("--port"));
    assertBadInput(run("demo", "--port", "65536"), "--port", "between 1 and 65535", "65536");
    assertBadInput(run("demo", "--port", "-1"), "--port", "0 for any free port", "-1");
    // a port in range passes: the next check, on the data set, is the one that fails
    Path empty = Files.createDirectories(dir.resolve("no-fmnist"));
    for (String port : List.of("0", "1", "8081", "65535")) {
      assertBadInput(
          run("demo", "--port", port, "--fashion-mnist", empty.toString()), "--fashion-mnist");
    }
    Result r = run("demo", "--port", "http");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--port"), r.err());
  }

  @Test
  void serveRefusesAnEmbeddedKafkaFolderOfAnotherCluster() throws IOException {
    Path data = dir.resolve("state");
    Path kafka = Files.createDirectories(data.resolve("kafka"));
    // a plain Kafka log directory where the embedded broker keeps its nodes
    Files.writeString(
        kafka.resolve("meta.properties"),
        "version=1\ncluster.id=SomeoneElsesClusterAAA\nnode.id=1\n");
    assertBadInput(
        run(
            "serve",
            "--embedded-kafka",
            "--port",
            "0",
            "--slots",
            "0",
            "--data",
            data.toString(),
            "--data-root",
            dir.toString()),
        "--data",
        kafka.toAbsolutePath().normalize().toString(),
        "another --data folder",
        "remove");
  }

  /** Issue 13: SQLite's durability is offered: --sqlite-sync normal|full, anything else exit 2. */
  @Test
  void serveTakesNormalOrFullSqliteSync() {
    assertEquals(false, StateOptions.fullSync("normal"));
    assertEquals(true, StateOptions.fullSync("full"));
    dev.vernier.core.InvalidInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.vernier.core.InvalidInputException.class, () -> StateOptions.fullSync("FULLY"));
    assertEquals("--sqlite-sync", e.field());
  }
}
