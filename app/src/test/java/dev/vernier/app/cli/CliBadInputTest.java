package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Bad input to train and predict exits 2 with a message naming the file, line or option: malformed
 * data, wrong hyperparameters, unknown algorithms or backends, missing files, too many threads and
 * unusable output locations, the last two before any work.
 */
class CliBadInputTest extends CliTest {
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
    // a folder where a file is meant: said so, not "no such file"
    assertBadInput(
        run("monitor", "create", dir.toString(), "--server", "http://127.0.0.1:9", "--token", "t"),
        "FILE",
        "must be a file; it is a directory");
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
}
