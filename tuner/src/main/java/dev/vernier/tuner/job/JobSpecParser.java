package dev.vernier.tuner.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.InputErrors;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.data.DatasetFormat;
import dev.vernier.core.data.DatasetReaders;
import dev.vernier.core.json.Json;
import dev.vernier.core.registry.Registry;
import dev.vernier.core.space.SearchSpace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a job's JSON into a {@link JobSpec}, checking every rule. Each error is an {@link
 * InvalidInputException} whose field is the JSON path of the offending value ({@code
 * $.limits.maxTrials}), so a REST layer can put it in the problem document as is; the errors of
 * independent parts of a job are reported together ({@link InvalidInputException#errors()}).
 */
public final class JobSpecParser {
  static final Set<String> FIELDS =
      Set.of(
          "name",
          "algorithm",
          "command",
          "channels",
          "objective",
          "parameterRanges",
          "staticHyperparameters",
          "strategy",
          "limits",
          "earlyStopping",
          "completion",
          "warmStart",
          "seed",
          "metricDefinitions");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](-*[A-Za-z0-9]){0,62}");

  private final AlgorithmCatalog catalog;
  private final Collection<String> commands;
  private final Collection<String> strategies;
  private final DataRoots roots;

  /**
   * @param commands the names of the commands an administrator registered
   * @param strategies the names of the registered search strategies
   */
  /** The catalog built-in algorithms are checked against. */
  public AlgorithmCatalog catalog() {
    return catalog;
  }

  public JobSpecParser(
      AlgorithmCatalog catalog,
      Collection<String> commands,
      Collection<String> strategies,
      DataRoots roots) {
    this.catalog = catalog;
    this.commands = commands;
    this.strategies = strategies;
    this.roots = roots;
  }

  /**
   * Checks the channels of a job the service built itself (a monitor's retraining job): each file
   * must exist under a data root or one of the service's own folders ({@link
   * DataRoots#withServiceRoots}); users' JSON never reaches the service folders.
   */
  public void checkServiceChannels(JobSpec spec) {
    spec.channels()
        .forEach(
            (name, c) -> {
              roots.checkServiceFile("channels." + name + ".path", c.path());
              if (c.labels() != null) {
                roots.checkServiceFile("channels." + name + ".labels", c.labels());
              }
            });
  }

  /**
   * Parses and checks a job. The parts of a job are checked independently and every error found is
   * reported at once (a part that depends on a wrong one, e.g. the objective on an unknown
   * algorithm, is not checked).
   *
   * @throws InvalidInputException listing every error found
   */
  public JobSpec parse(JsonNode json) {
    Json root = new Json("$", json).object();
    InputErrors errors = new InputErrors();
    errors.check(() -> root.rejectUnknown(FIELDS));
    String name = errors.check(() -> name(root));
    Algorithm alg = errors.check(() -> algorithm(root));
    AlgorithmSpec spec = alg == null ? null : alg.spec();
    Map<String, Channel> channels = errors.check(() -> channels(root.get("channels")));
    List<MetricDefinition> defs =
        errors.check(
            () -> ObjectiveParser.metricDefinitions(root.opt("metricDefinitions"), spec != null));
    Objective objective =
        alg == null || defs == null
            ? null
            : errors.check(() -> ObjectiveParser.objective(root.get("objective"), spec, defs));
    SearchSpace space =
        errors.check(() -> HyperparameterParser.ranges(root.get("parameterRanges"), spec));
    Map<String, String> statics =
        space == null
            ? null
            : errors.check(
                () -> HyperparameterParser.statics(root.opt("staticHyperparameters"), spec, space));
    String strategy =
        errors.check(
            () -> {
              String s = root.opt("strategy") == null ? "bayesian" : root.opt("strategy").text();
              if (!strategies.contains(s)) {
                throw Registry.unknown("$.strategy", "strategies", strategies, s);
              }
              return s;
            });
    Limits limits = errors.check(() -> limits(root.get("limits")));
    EarlyStopping early = errors.check(() -> EarlyStopping.parse(root.opt("earlyStopping")));
    Completion completion = errors.check(() -> completion(root.opt("completion")));
    WarmStart warm = errors.check(() -> warmStart(root.opt("warmStart")));
    Long seed =
        errors.check(
            () -> root.opt("seed") == null ? 0 : root.opt("seed").longValue(0, Long.MAX_VALUE));
    errors.throwIfAny();
    return new JobSpec(
        name,
        spec == null ? null : spec.name(),
        alg.command(),
        channels,
        objective,
        space,
        statics,
        strategy,
        limits,
        early.name(),
        completion,
        warm,
        seed,
        defs,
        early.rule());
  }

  private static String name(Json root) {
    String name = root.get("name").text();
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "$.name", "must be 1-64 letters, digits and inner hyphens", name);
    }
    return name;
  }

  /** A built-in algorithm's spec, or a registered command's name. */
  private record Algorithm(AlgorithmSpec spec, String command) {}

  private Algorithm algorithm(Json root) {
    Json alg = root.opt("algorithm");
    Json cmd = root.opt("command");
    if ((alg == null) == (cmd == null)) {
      throw new InvalidInputException(
          "$.algorithm", "give exactly one of algorithm (built-in) or command (registered)", null);
    }
    if (alg != null) {
      return new Algorithm(
          catalog
              .find(alg.text())
              .orElseThrow(
                  () ->
                      Registry.unknown(
                          alg.path, "built-in algorithms", catalog.names(), alg.text())),
          null);
    }
    String command = cmd.text();
    if (!commands.contains(command)) {
      throw new InvalidInputException(
          cmd.path, "must name a command the administrator registered " + commands, command);
    }
    return new Algorithm(null, command);
  }

  private Map<String, Channel> channels(Json node) {
    node.object().rejectUnknown(Set.of("train", "validation"));
    Map<String, Channel> out = new LinkedHashMap<>();
    for (String ch : List.of("train", "validation")) {
      Json c = ch.equals("train") ? node.get(ch) : node.opt(ch);
      if (c == null) {
        continue;
      }
      c.object().rejectUnknown(Set.of("path", "labels", "format"));
      Json labels = c.opt("labels");
      Json format = c.opt("format");
      String f = format == null ? "auto" : format.text();
      if (!List.of("auto", "idx", "csv", "libsvm").contains(f)) {
        throw new InvalidInputException(format.path, "must be one of [auto, idx, csv, libsvm]", f);
      }
      Channel channel =
          new Channel(
              roots.resolveFileOrFolder(c.path + ".path", c.get("path").text()),
              labels == null ? null : roots.resolveFile(labels.path, labels.text()),
              f);
      if (java.nio.file.Files.isDirectory(channel.path())) {
        checkFolder(c.path, channel);
      }
      out.put(ch, channel);
    }
    return out;
  }

  /** A folder channel's mixed formats or separate labels file are refused when it is submitted. */
  private static void checkFolder(String path, Channel c) {
    try {
      DatasetReaders.checkFolder(
          c.path(),
          c.labels(),
          c.format().equals("auto") ? null : DatasetFormat.parse(path + ".format", c.format()));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          e.field().equals("labels") ? path + ".labels" : path + ".path", e.rule(), e.value(), e);
    }
  }

  private static Limits limits(Json node) {
    node.object()
        .rejectUnknown(
            Set.of(
                "maxTrials",
                "maxParallelTrials",
                "maxRuntimePerTrialSeconds",
                "maxRuntimeSeconds"));
    int maxTrials = (int) node.get("maxTrials").longValue(1, 10_000);
    int parallel =
        node.opt("maxParallelTrials") == null
            ? 1
            : (int) node.opt("maxParallelTrials").longValue(1, 100);
    if (parallel > maxTrials) {
      throw new InvalidInputException(
          "$.limits.maxParallelTrials", "must not exceed maxTrials (" + maxTrials + ")", parallel);
    }
    Json perTrial = node.opt("maxRuntimePerTrialSeconds");
    Json total = node.opt("maxRuntimeSeconds");
    return new Limits(
        maxTrials,
        parallel,
        perTrial == null ? null : Duration.ofSeconds(perTrial.longValue(1, 30L * 86400)),
        total == null ? null : Duration.ofSeconds(total.longValue(1, 365L * 86400)));
  }

  private static Completion completion(Json node) {
    if (node == null) {
      return Completion.NONE;
    }
    node.object().rejectUnknown(Set.of("targetObjectiveValue", "bestNotImprovedTrials"));
    Json target = node.opt("targetObjectiveValue");
    Json best = node.opt("bestNotImprovedTrials");
    return new Completion(
        target == null ? null : target.doubleValue(),
        best == null ? null : (int) best.longValue(1, 10_000));
  }

  private static WarmStart warmStart(Json node) {
    if (node == null) {
      return WarmStart.NONE;
    }
    node.object().rejectUnknown(Set.of("parents", "type"));
    List<String> parents = new ArrayList<>();
    for (Json p : node.get("parents").array()) {
      String parent = p.text();
      int first = parents.indexOf(parent);
      if (first >= 0) {
        // each parent is one row of the job's parents: a repeat would also count its trials twice
        throw new InvalidInputException(
            p.path,
            "parents must be distinct; it repeats $.warmStart.parents[" + first + "]",
            parent);
      }
      parents.add(parent);
    }
    if (parents.isEmpty() || parents.size() > 5) {
      throw new InvalidInputException(
          "$.warmStart.parents", "must list 1 to 5 parent jobs", parents.size());
    }
    String t = node.get("type").text();
    WarmStart.Type type =
        switch (t.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
          case "identical-data", "identicaldataandalgorithm" -> WarmStart.Type.IDENTICAL_DATA;
          case "transfer", "transferlearning" -> WarmStart.Type.TRANSFER;
          default ->
              throw new InvalidInputException(
                  "$.warmStart.type", "must be identical-data or transfer", t);
        };
    return new WarmStart(parents, type);
  }
}
