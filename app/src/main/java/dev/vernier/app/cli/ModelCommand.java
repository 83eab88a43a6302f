package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Algorithm;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.artifact.ArtifactFormat;
import dev.vernier.worker.artifact.ModelArtifact;
import dev.vernier.worker.artifact.Provenance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vernier model ...}: model files, as {@code vernier train} or a tuning job wrote them. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Looks into model files.",
    subcommands = {ModelCommand.Inspect.class})
public final class ModelCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A model file read, checked and rebuilt as its algorithm's model. */
  record Loaded(ModelArtifact artifact, Model model) {}

  /**
   * Reads the model at {@code dirOrFile} and rebuilds it: the one path by which {@code predict}
   * uses a model and {@code model inspect} checks one, so both refuse the same files.
   *
   * @throws InvalidInputException on the model file, naming the header field, when the file is not
   *     a valid model (see {@link ArtifactFormat#read}) or its algorithm cannot rebuild a model
   *     from its settings and tensors
   */
  static Loaded load(Path dirOrFile) throws IOException {
    ModelArtifact a = ArtifactFormat.read(dirOrFile);
    String file = ArtifactFormat.file(dirOrFile).toString();
    Algorithm alg;
    try {
      alg = Algorithms.get("provenance.algorithm", a.provenance().algorithm());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          file, "header field 'provenance.algorithm': " + e.rule(), e.value(), e);
    }
    Model m;
    try {
      m = alg.load(a);
      // the tensors' names and shapes are first used here: one row of zeros tries them all
      try (Kernels k = Backends.open("java", 1)) {
        m.predict(new Dataset("check", 1, m.features(), new float[m.features()], null), k);
      }
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          file,
          "header fields 'settings' and 'tensors': do not describe one "
              + alg.name()
              + " model ("
              + e.getMessage()
              + ")",
          null,
          e);
    } catch (RuntimeException e) {
      // the algorithm's own reader met settings or tensors it cannot use: name what we can
      String why =
          e instanceof IllegalArgumentException && e.getMessage() != null
              ? e.getMessage()
              : e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + e.getMessage());
      String field = "settings";
      Object value = null;
      if (why.contains("tensor")) {
        field = "tensors";
      } else {
        List<Map.Entry<String, String>> named =
            a.settings().entrySet().stream()
                .filter(x -> x.getValue().length() > 1 && why.contains(x.getValue()))
                .toList();
        if (named.size() == 1) {
          field = "settings." + named.get(0).getKey();
          value = named.get(0).getValue();
        }
      }
      throw new InvalidInputException(
          file,
          "header field '"
              + field
              + "': this Vernier's "
              + alg.name()
              + " cannot rebuild a model from it ("
              + why
              + ")",
          value,
          e);
    }
    if (m.features() != a.features()) {
      throw new InvalidInputException(
          file,
          "header field 'features': must be "
              + m.features()
              + ", the input width of the model it holds",
          a.features());
    }
    if (!m.outputColumns().equals(a.outputColumns())) {
      throw new InvalidInputException(
          file,
          "header field 'outputColumns': must be " + m.outputColumns() + " for its settings",
          String.valueOf(a.outputColumns()));
    }
    return new Loaded(a, m);
  }

  /** {@code vernier model inspect FILE}. */
  @Command(
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = {
        "Prints a model's provenance (algorithm, hyperparameters, seed, datasets, backend,",
        "Vernier version) and its final metrics. The file is checked as `vernier predict`",
        "checks it: its header fields, its checksums, and that its algorithm can load it."
      })
  static final class Inspect implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description =
            "A model file (model.vernier, or one downloaded by `vernier tune model`); - reads"
                + " standard input.")
    String file;

    @picocli.CommandLine.Mixin OutputFormat output;

    @Override
    public Integer call() throws IOException {
      boolean json = output.json();
      Path path = FileArguments.readable(spec, "FILE", file);
      ModelArtifact a;
      try {
        a = load(path).artifact();
      } finally {
        FileArguments.discard(file, path);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(JSON.writeValueAsString(json(a)));
      } else {
        text(out, a);
      }
      out.flush();
      return 0;
    }

    static ObjectNode json(ModelArtifact a) {
      ObjectNode o = JSON.createObjectNode();
      o.put("formatVersion", a.formatVersion());
      o.set("provenance", JSON.valueToTree(a.provenance()));
      o.put("features", a.features());
      o.put("epochs", a.epochs());
      o.put("stoppedEarly", a.stoppedEarly());
      o.set("metrics", JSON.valueToTree(a.metrics()));
      o.set("settings", JSON.valueToTree(a.settings()));
      o.set("outputColumns", JSON.valueToTree(a.outputColumns()));
      return o;
    }

    static void text(PrintWriter out, ModelArtifact a) {
      Provenance p = a.provenance();
      row(out, "algorithm", p.algorithm());
      out.println("hyperparameters");
      indented(out, p.hyperparameters());
      row(out, "seed", String.valueOf(p.seed()));
      row(out, "train dataset", p.trainDataset() + " (" + p.trainRows() + " rows)");
      row(out, "train sha256", p.trainDatasetSha256());
      row(out, "validation sha256", p.validationDatasetSha256());
      row(out, "backend", p.backend());
      row(out, "vernier version", p.vernierVersion());
      row(out, "created at", p.createdAt());
      row(out, "format version", String.valueOf(a.formatVersion()));
      row(out, "features", String.valueOf(a.features()));
      row(out, "epochs", a.epochs() + (a.stoppedEarly() ? " (stopped early)" : ""));
      out.println("metrics");
      indented(out, a.metrics());
    }

    /** One indented line a key, the values in one column. */
    private static void indented(PrintWriter out, Map<String, ?> values) {
      int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
      values.forEach(
          (k, v) -> out.printf(Locale.ROOT, "  %-" + Math.max(width, 22) + "s %s%n", k, v));
    }

    private static void row(PrintWriter out, String name, String value) {
      out.printf(Locale.ROOT, "%-24s %s%n", name, value == null ? "-" : value);
    }
  }
}
