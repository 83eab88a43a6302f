package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Training and predicting on the user's CSV and libsvm files: epoch lines, models, predictions. */
class CliTrainPredictTest extends CliTest {
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
}
