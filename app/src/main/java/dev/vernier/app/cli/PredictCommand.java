package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetFormat;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.algorithm.Predictions;
import dev.vernier.worker.artifact.ModelArtifact;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vernier predict}: applies a stored model to a data file. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Writes one CSV line of predictions per input row, with a header naming the columns.",
      "CSV input may hold a label in the first column (as training data) or features only: rows"
          + " with one cell more than the model has features start with a label, rows with"
          + " exactly as many cells are features only. libsvm rows always start with a label;"
          + " IDX labels come from --input-labels. Features a libsvm file never names are 0."
    })
public final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      description = "A model directory written by `vernier train`.")
  Path model;

  @Option(
      names = "--input",
      required = true,
      description = "Data to predict: IDX, CSV or libsvm; - reads standard input.")
  Path input;

  @Option(names = "--input-labels", description = "Labels for IDX input, to report accuracy.")
  Path inputLabels;

  @Option(names = "--format", defaultValue = "auto", description = "auto, idx, csv or libsvm.")
  String format;

  @Option(
      names = "--predictions",
      paramLabel = "FILE",
      description =
          "CSV file to write, its folder created if missing; checked before predicting"
              + " (required; once --output); - writes standard output (and the summary to"
              + " standard error).")
  Path predictions;

  @Mixin OutputFormat output;

  @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or java.")
  String backend;

  @Option(
      names = "--threads",
      description =
          "Threads for the kernels, from 1 to the larger of 256 and 4 per core (default: the"
              + " number of cores).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    predictions = output.legacyFile(spec, "--predictions", predictions, Path::of);
    if (predictions == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing required option: '--predictions=FILE'");
    }
    FileArguments.requireWritableFile("--predictions", predictions);
    int t = Threads.resolve("--threads", threads);
    boolean json = output.json();
    PrintWriter out = spec.commandLine().getOut();
    ModelCommand.Loaded loaded = ModelCommand.load(model);
    ModelArtifact artifact = loaded.artifact();
    Model m = loaded.model();
    FileArguments.Data read = FileArguments.readData(spec, "--input", input, inputLabels, format);
    Dataset data = read.dataset();
    // only CSV may lack the label column: libsvm rows always carry one, IDX labels are a file
    if (read.format() == DatasetFormat.CSV
        && data.hasLabels()
        && data.cols() + 1 == m.features()
        && inputLabels == null) {
      data = data.labelsAsFirstFeature(); // a CSV of features only
    }
    if (read.format() == DatasetFormat.LIBSVM && data.cols() < m.features()) {
      data = widened(data, m.features()); // the highest indices were absent: they are 0
    }
    if (data.cols() != m.features()) {
      throw new InvalidInputException(
          "--input",
          "rows must have " + m.features() + " features like the model's training data",
          data.cols());
    }
    Predictions p;
    try (Kernels k = Backends.open("--backend", backend, t)) {
      p = m.predict(data, k);
    }
    if (predictions.toString().equals("-")) {
      java.io.PrintStream stdout = VernierCommand.stdout(spec);
      BufferedWriter w =
          new BufferedWriter(new java.io.OutputStreamWriter(stdout, StandardCharsets.UTF_8));
      write(p, w);
      w.flush();
      stdout.flush();
      out = spec.commandLine().getErr(); // standard output holds the CSV alone
    } else {
      write(p, predictions);
    }
    String column = artifact.outputColumns().get(0);
    boolean scored = data.hasLabels() && !column.equals("closest_cluster");
    if (json) {
      ObjectNode o = ModelCommand.Inspect.JSON.createObjectNode();
      o.put("predictions", p.rows());
      o.put("file", predictions.toString());
      ArrayNode cols = o.putArray("columns");
      p.columns().forEach(cols::add);
      if (scored && column.equals("score")) {
        o.put("rmse", rmse(p, data.labels()));
      } else if (scored) {
        o.put("accuracy", accuracy(p, data.labels()));
      }
      out.println(ModelCommand.Inspect.JSON.writeValueAsString(o));
      out.flush();
      return 0;
    }
    out.printf(Locale.ROOT, "%d predictions written to %s%n", p.rows(), predictions);
    if (scored && column.equals("score")) {
      out.printf(Locale.ROOT, "rmse=%.6g against the input's labels%n", rmse(p, data.labels()));
    } else if (scored) {
      out.printf(
          Locale.ROOT, "accuracy=%.4f against the input's labels%n", accuracy(p, data.labels()));
    }
    out.flush();
    return 0;
  }

  /** {@code data} with zero columns appended up to {@code cols}, as libsvm reads absent ones. */
  private static Dataset widened(Dataset data, int cols) {
    float[] f = new float[Math.multiplyExact(data.rows(), cols)];
    for (int i = 0; i < data.rows(); i++) {
      System.arraycopy(data.features(), i * data.cols(), f, i * cols, data.cols());
    }
    return new Dataset(data.name(), data.rows(), cols, f, data.hasLabels() ? data.labels() : null);
  }

  private static double rmse(Predictions p, float[] labels) {
    double se = 0;
    for (int i = 0; i < p.rows(); i++) {
      double r = p.primary(i) - labels[i];
      se += r * r;
    }
    return Math.sqrt(se / p.rows());
  }

  private static double accuracy(Predictions p, float[] labels) {
    long right = 0;
    for (int i = 0; i < p.rows(); i++) {
      if (p.primary(i) == labels[i]) {
        right++;
      }
    }
    return (double) right / p.rows();
  }

  private static void write(Predictions p, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      write(p, w);
    }
  }

  private static void write(Predictions p, BufferedWriter w) throws IOException {
    w.write(String.join(",", p.columns()));
    w.newLine();
    int c = p.columns().size();
    for (int i = 0; i < p.rows(); i++) {
      for (int j = 0; j < c; j++) {
        if (j > 0) {
          w.write(',');
        }
        float v = p.get(i, j);
        w.write(
            v == Math.rint(v) && Math.abs(v) < 1e7 ? Integer.toString((int) v) : Float.toString(v));
      }
      w.newLine();
    }
  }
}
