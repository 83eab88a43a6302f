package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.Split;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.Trainer;
import dev.vernier.worker.algorithm.Algorithm;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.algorithm.Directive;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vernier train}: trains one model and writes its artifact. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains one model and writes DIR/model.vernier with its provenance.",
      "Prints one line per epoch: epoch=N <metric>=<value>... seconds=S backend=B; with"
          + " --output json, one JSON document at the end (the epoch lines go to standard"
          + " error)."
    })
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--algorithm",
      required = true,
      description = "kmeans, linear-learner or mlp (see `vernier algorithms`).")
  String algorithm;

  @Option(
      names = "--train",
      required = true,
      description =
          "Training data: IDX (optionally gzip), CSV (label first, no header) or libsvm; - reads"
              + " standard input.")
  Path train;

  @Option(names = "--train-labels", description = "Labels for IDX training data (a 1-D IDX file).")
  Path trainLabels;

  @Option(
      names = "--validation",
      description =
          "Validation data; without it --validation-fraction of the training rows is held out.")
  Path validation;

  @Option(names = "--validation-labels", description = "Labels for IDX validation data.")
  Path validationLabels;

  @Option(
      names = "--validation-fraction",
      defaultValue = "0.1",
      description = "Share held out when no --validation is given (default: ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(
      names = "--format",
      defaultValue = "auto",
      description =
          "auto, idx, csv or libsvm (default: ${DEFAULT-VALUE}: recognised from the file).")
  String format;

  @Option(
      names = "--hp",
      paramLabel = "NAME=VALUE",
      description = "A hyperparameter, name=value; repeat for several (each name once).")
  List<String> hp = new ArrayList<>();

  /** The {@code --hp} values by name; a name given twice is refused (picocli kept the last). */
  static Map<String, String> hyperparameters(List<String> given) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String g : given) {
      int eq = g.indexOf('=');
      if (eq <= 0) {
        throw new dev.vernier.core.InvalidInputException("--hp", "must be name=value", g);
      }
      String name = g.substring(0, eq);
      String old = out.put(name, g.substring(eq + 1));
      if (old != null) {
        throw new dev.vernier.core.InvalidInputException(
            "--hp",
            "gives " + name + " twice (" + name + "=" + old + " before); give each name once",
            g);
      }
    }
    return out;
  }

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--backend",
      defaultValue = "auto",
      description = "auto, cpu or java (default: ${DEFAULT-VALUE}: the best available).")
  String backend;

  @Option(
      names = "--threads",
      description =
          "Threads for the kernels, from 1 to the larger of 256 and 4 per core (default: the"
              + " number of cores).")
  Integer threads;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description =
          "Directory to write model.vernier into, created if missing; checked before training"
              + " (required; once --output).")
  Path modelDir;

  @Mixin OutputFormat output;

  @Override
  public Integer call() throws java.io.IOException {
    modelDir = output.legacyFile(spec, "--model-dir", modelDir, Path::of);
    if (modelDir == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing required option: '--model-dir=DIR'");
    }
    // a model folder that cannot be written fails now, not after training
    FileArguments.requireWritableDirectory("--model-dir", modelDir);
    int t = Threads.resolve("--threads", threads);
    boolean json = output.json();
    PrintWriter result = spec.commandLine().getOut();
    // with --output json, standard output holds the JSON document alone
    PrintWriter out = json ? spec.commandLine().getErr() : result;
    Algorithm alg = Algorithms.get("--algorithm", algorithm);
    // validate hyperparameters before reading possibly large files
    Map<String, String> hyperparameters = hyperparameters(hp);
    alg.spec().resolve(hyperparameters);
    Dataset trainData =
        FileArguments.readData(spec, "--train", train, trainLabels, format).dataset();
    Dataset valData;
    if (validation != null) {
      valData =
          FileArguments.readData(spec, "--validation", validation, validationLabels, format)
              .dataset();
    } else {
      if (validationLabels != null) {
        throw new InvalidInputException(
            "--validation-labels", "needs --validation", validationLabels.toString());
      }
      Split split = Split.holdOut(trainData, validationFraction, seed);
      trainData = split.train();
      valData = split.validation();
    }
    try (Kernels kernels = Backends.open("--backend", backend, t)) {
      out.printf(
          Locale.ROOT,
          "training %s on %s (%d x %d), validation %s (%d rows), seed %d%n  backend %s%n",
          alg.name(),
          trainData.name(),
          trainData.rows(),
          trainData.cols(),
          valData.name(),
          valData.rows(),
          seed,
          kernels.description());
      out.flush();
      Trainer.Trained trained =
          new Trainer(VernierCommand.clock(spec))
              .train(
                  alg,
                  trainData,
                  valData,
                  hyperparameters,
                  seed,
                  kernels,
                  r -> {
                    StringBuilder sb = new StringBuilder("epoch=").append(r.epoch());
                    r.metrics()
                        .forEach(
                            (k, v) ->
                                sb.append(' ')
                                    .append(k)
                                    .append('=')
                                    .append(String.format(Locale.ROOT, "%.6g", v)));
                    sb.append(
                        String.format(
                            Locale.ROOT, " seconds=%.3f backend=%s", r.seconds(), kernels.name()));
                    out.println(sb);
                    out.flush();
                    return Directive.CONTINUE;
                  },
                  modelDir);
      if (json) {
        ObjectNode o = ModelCommand.Inspect.json(trained.artifact());
        o.put("model", trained.file().toString());
        o.putObject("train")
            .put("name", trainData.name())
            .put("rows", trainData.rows())
            .put("cols", trainData.cols());
        o.putObject("validation").put("name", valData.name()).put("rows", valData.rows());
        o.put("backend", kernels.description());
        result.println(ModelCommand.Inspect.JSON.writeValueAsString(o));
      } else {
        result.printf(
            Locale.ROOT,
            "model written to %s after %d epochs%n",
            trained.file(),
            trained.artifact().epochs());
      }
      result.flush();
    }
    return 0;
  }
}
