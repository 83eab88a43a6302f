package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.worker.artifact.ArtifactFormat;
import dev.vernier.worker.artifact.ModelArtifact;
import dev.vernier.worker.artifact.Provenance;
import java.io.IOException;
import java.io.PrintWriter;
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

  /** {@code vernier model inspect FILE}. */
  @Command(
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = {
        "Prints a model's provenance (algorithm, hyperparameters, seed, datasets, backend,",
        "Vernier version) and its final metrics. The file's checksum is verified."
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
      ModelArtifact a = ArtifactFormat.read(FileArguments.readable(spec, "FILE", file));
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
