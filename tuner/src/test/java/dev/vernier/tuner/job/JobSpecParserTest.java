package dev.vernier.tuner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.Scaling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every field of a job is checked, and each error names its JSON path and the rule. */
class JobSpecParserTest {
  static final AlgorithmSpec MLP =
      new AlgorithmSpec(
          "mlp",
          "test",
          List.of(
              new HyperparameterSpec("learning_rate", ContinuousRange.log(1e-6, 10), 0.1, true, ""),
              new HyperparameterSpec(
                  "hidden_units", new IntegerRange(1, 8192, Scaling.LOGARITHMIC), 256L, true, ""),
              new HyperparameterSpec(
                  "activation", CategoricalRange.of("relu", "tanh"), "relu", true, ""),
              new HyperparameterSpec("epochs", IntegerRange.linear(1, 1000), 10L, false, "")),
          List.of(
              new MetricSpec("validation:accuracy", Direction.MAXIMIZE, ""),
              new MetricSpec("validation:cross_entropy", Direction.MINIMIZE, "")));

  static final AlgorithmCatalog CATALOG =
      new AlgorithmCatalog() {
        @Override
        public Optional<AlgorithmSpec> find(String name) {
          return name.equals("mlp") ? Optional.of(MLP) : Optional.empty();
        }

        @Override
        public Collection<String> names() {
          return List.of("mlp");
        }
      };

  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  Path root;
  JobSpecParser parser;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(dir.resolve("data"));
    Files.writeString(root.resolve("train.csv"), "0,1\n");
    Files.writeString(dir.resolve("secret.csv"), "0,1\n");
    parser =
        new JobSpecParser(
            CATALOG,
            Set.of("xgb"),
            List.of("random", "bayesian", "grid"),
            new DataRoots(List.of(root)));
  }

  static ObjectNode valid() throws Exception {
    return (ObjectNode)
        JSON.readTree(
            """
            {"name": "fmnist-1", "algorithm": "mlp",
             "channels": {"train": {"path": "train.csv"}},
             "objective": {"metric": "validation:accuracy", "type": "Maximize"},
             "parameterRanges": {
               "learning_rate": {"type": "continuous", "min": 0.001, "max": 1, "scaling": "Logarithmic"},
               "hidden_units": {"type": "integer", "min": 16, "max": 512},
               "activation": {"type": "categorical", "values": ["relu", "tanh"]}},
             "staticHyperparameters": {"epochs": 3},
             "strategy": "bayesian",
             "limits": {"maxTrials": 20, "maxParallelTrials": 2, "maxRuntimePerTrialSeconds": 600, "maxRuntimeSeconds": 3600},
             "earlyStopping": "auto",
             "completion": {"targetObjectiveValue": 0.9, "bestNotImprovedTrials": 10},
             "seed": 42}
            """);
  }

  @Test
  void aValidJobParsesEveryField() throws Exception {
    JobSpec s = parser.parse(valid());
    assertEquals("fmnist-1", s.name());
    assertEquals("mlp", s.algorithm());
    assertNull(s.command());
    assertEquals(root.resolve("train.csv").toRealPath(), s.channels().get("train").path());
    assertEquals(new Objective("validation:accuracy", Direction.MAXIMIZE), s.objective());
    assertEquals(ContinuousRange.log(0.001, 1), s.ranges().ranges().get("learning_rate"));
    assertEquals("3", s.staticHyperparameters().get("epochs"));
    assertEquals(new Limits(20, 2, Duration.ofSeconds(600), Duration.ofSeconds(3600)), s.limits());
    assertEquals(new Completion(0.9, 10), s.completion());
    assertEquals(42, s.seed());
    assertEquals(s, JobSpecCodec.read(JobSpecCodec.write(s)), "the stored form reads back equal");
  }

  /** Edits a valid job, parses it, and checks the error's field and message. */
  void bad(Consumer<ObjectNode> edit, String field, String... fragments) throws Exception {
    ObjectNode j = valid();
    edit.accept(j);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> parser.parse(j));
    assertEquals(field, e.field(), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "missing '" + f + "' in: " + e.getMessage());
    }
  }

  static ObjectNode at(ObjectNode j, String... path) {
    ObjectNode n = j;
    for (String p : path) {
      n = (ObjectNode) n.get(p);
    }
    return n;
  }

  @Test
  void name() throws Exception {
    bad(j -> j.remove("name"), "$.name", "is required");
    bad(j -> j.put("name", "has space"), "$.name", "letters, digits");
    bad(j -> j.put("name", 7), "$.name", "must be a non-empty string");
  }

  @Test
  void unknownTopLevelField() throws Exception {
    bad(j -> j.put("maxTrials", 5), "$.maxTrials", "not a known field");
  }

  @Test
  void algorithmOrCommand() throws Exception {
    bad(j -> j.put("algorithm", "xgboost"), "$.algorithm", "[mlp]");
    bad(j -> j.remove("algorithm"), "$.algorithm", "exactly one");
    bad(j -> j.put("command", "xgb"), "$.algorithm", "exactly one");
    bad(
        j -> {
          j.remove("algorithm");
          j.put("command", "rm");
        },
        "$.command",
        "registered",
        "[xgb]");
  }

  @Test
  void channels() throws Exception {
    bad(j -> j.remove("channels"), "$.channels", "is required");
    bad(j -> at(j, "channels").remove("train"), "$.channels.train", "is required");
    bad(
        j -> at(j, "channels", "train").put("path", "missing.csv"),
        "$.channels.train.path",
        "no such file");
    bad(
        j -> at(j, "channels", "train").put("path", "../secret.csv"),
        "$.channels.train.path",
        "data root");
    bad(
        j -> at(j, "channels", "train").put("path", dir.resolve("secret.csv").toString()),
        "$.channels.train.path",
        "data root");
    bad(
        j -> at(j, "channels", "train").put("format", "parquet"),
        "$.channels.train.format",
        "[auto, idx, csv, libsvm]");
    bad(
        j -> at(j, "channels").putObject("test").put("path", "train.csv"),
        "$.channels.test",
        "not a known field");
  }

  @Test
  void aSymlinkOutOfTheRootIsRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("link.csv"), dir.resolve("secret.csv"));
    bad(
        j -> at(j, "channels", "train").put("path", "link.csv"),
        "$.channels.train.path",
        "data root");
  }

  @Test
  void aChannelMayNameAFolderWhoseFilesAllLieUnderARoot() throws Exception {
    Path folder = Files.createDirectories(root.resolve("fmnist/train"));
    Files.writeString(folder.resolve("part-1.csv"), "0,1\n");
    ObjectNode j = valid();
    at(j, "channels", "train").put("path", "fmnist/train/");
    assertEquals(folder.toRealPath(), parser.parse(j).channels().get("train").path());

    Files.createSymbolicLink(folder.resolve("part-2.csv"), dir.resolve("secret.csv"));
    bad(
        k -> at(k, "channels", "train").put("path", "fmnist/train"),
        "$.channels.train.path",
        "outside the configured data roots",
        "part-2.csv");

    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(outside.resolve("a.csv"), "0,1\n");
    Files.createSymbolicLink(root.resolve("linked"), outside);
    bad(
        k -> at(k, "channels", "train").put("path", "linked"),
        "$.channels.train.path",
        "data root");

    Path mixed = Files.createDirectories(root.resolve("mixed"));
    Files.writeString(mixed.resolve("a.csv"), "0,1\n");
    Files.writeString(mixed.resolve("b.libsvm"), "0 1:1\n");
    bad(
        k -> at(k, "channels", "train").put("path", "mixed"),
        "$.channels.train.path",
        "a.csv is csv and b.libsvm is libsvm");
    bad(
        k -> at(k, "channels", "train").put("path", "mixed").put("labels", "train.csv"),
        "$.channels.train.labels",
        "not taken with a folder");

    Files.createDirectories(root.resolve("empty"));
    bad(k -> at(k, "channels", "train").put("path", "empty"), "$.channels.train.path", "no data");

    // a retraining job keeps its parent's folder channels: the service's check takes folders too
    Files.delete(folder.resolve("part-2.csv"));
    parser.checkServiceChannels(parser.parse(j));
  }

  @Test
  void independentErrorsAreReportedTogether() throws Exception {
    ObjectNode j = valid();
    j.put("name", "has space");
    j.put("strategy", "annealing");
    j.put("limits", 7);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> parser.parse(j));
    assertEquals(
        List.of("$.name", "$.strategy", "$.limits"),
        e.errors().stream().map(InvalidInputException.Error::field).toList());
    assertEquals("$.name", e.field(), "the first error is the exception's own");
    assertTrue(e.errors().get(2).message().contains("must be a JSON object"), e.getMessage());
  }

  /**
   * The service's own folder (retraining datasets under --data) is readable by the jobs the service
   * submits itself, never by a user's JSON, and nothing else outside the data roots is.
   */
  @Test
  void serviceFoldersAreReadableByTheServicesOwnJobsOnly() throws Exception {
    Path own = Files.createDirectories(dir.resolve("state").resolve("retraining"));
    Files.writeString(own.resolve("alert-1.csv"), "0,1\n");
    JobSpecParser p =
        new JobSpecParser(
            CATALOG,
            Set.of("xgb"),
            List.of("random", "bayesian", "grid"),
            new DataRoots(List.of(root)).withServiceRoots(List.of(own)));
    JobSpec user = p.parse(valid());
    JobSpec service =
        withTrain(user, new Channel(own.resolve("alert-1.csv").toRealPath(), null, "auto"));
    p.checkServiceChannels(service);
    p.checkServiceChannels(user);

    ObjectNode j = valid();
    at(j, "channels", "train").put("path", own.resolve("alert-1.csv").toString());
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> p.parse(j));
    assertEquals("$.channels.train.path", e.field());

    JobSpec secret = withTrain(user, new Channel(dir.resolve("secret.csv"), null, "auto"));
    e = assertThrows(InvalidInputException.class, () -> p.checkServiceChannels(secret));
    assertEquals("channels.train.path", e.field());
    assertTrue(e.getMessage().contains("service folder"), e.getMessage());
  }

  private static JobSpec withTrain(JobSpec s, Channel train) {
    return new JobSpec(
        s.name(),
        s.algorithm(),
        s.command(),
        java.util.Map.of("train", train),
        s.objective(),
        s.ranges(),
        s.staticHyperparameters(),
        s.strategy(),
        s.limits(),
        s.earlyStopping(),
        s.completion(),
        s.warmStart(),
        s.seed(),
        s.metricDefinitions());
  }

  @Test
  void objective() throws Exception {
    bad(
        j -> at(j, "objective").put("metric", "validation:f1"),
        "$.objective.metric",
        "validation:accuracy");
    bad(j -> at(j, "objective").put("type", "Minimize"), "$.objective.type", "Maximize");
    bad(j -> at(j, "objective").put("type", "Up"), "$.objective.type", "Minimize or Maximize");
  }

  @Test
  void parameterRanges() throws Exception {
    bad(j -> j.putObject("parameterRanges"), "$.parameterRanges", "at least one");
    bad(
        j ->
            at(j, "parameterRanges")
                .putObject("dropout")
                .put("type", "continuous")
                .put("min", 0)
                .put("max", 1),
        "$.parameterRanges.dropout",
        "not a hyperparameter of mlp");
    bad(
        j -> at(j, "parameterRanges", "learning_rate").put("min", 0),
        "$.parameterRanges.learning_rate",
        "Logarithmic scaling needs MinValue > 0");
    bad(
        j -> at(j, "parameterRanges", "learning_rate").put("max", 100),
        "$.parameterRanges.learning_rate.max",
        "between",
        "got 100.0");
    // a bound out of the algorithm's range is shown as given, not after a round trip through the
    // unit interval (2^63-1 was shown as 9223372036854745088, 1e6 as 999999.9999999995)
    bad(
        j -> at(j, "parameterRanges", "hidden_units").put("max", Long.MAX_VALUE),
        "$.parameterRanges.hidden_units.max",
        "got 9223372036854775807");
    bad(
        j -> at(j, "parameterRanges", "learning_rate").put("max", 1e6),
        "$.parameterRanges.learning_rate.max",
        "got 1000000.0");
    bad(
        j -> at(j, "parameterRanges", "hidden_units").put("type", "continuous"),
        "$.parameterRanges.hidden_units.type",
        "integer");
    bad(
        j -> at(j, "parameterRanges", "hidden_units").put("type", "ordinal"),
        "$.parameterRanges.hidden_units.type",
        "continuous, integer or categorical");
    bad(
        j -> at(j, "parameterRanges", "hidden_units").put("min", 600),
        "$.parameterRanges.hidden_units",
        "MinValue must be <= MaxValue");
    bad(
        j -> at(j, "parameterRanges", "activation").putArray("values").add("relu").add("gelu"),
        "$.parameterRanges.activation.values",
        "[relu, tanh]");
    bad(
        j -> at(j, "parameterRanges", "learning_rate").put("scaling", "Quadratic"),
        "$.parameterRanges.learning_rate.scaling",
        "Logarithmic");
  }

  @Test
  void staticHyperparameters() throws Exception {
    bad(
        j -> at(j, "staticHyperparameters").put("epochs", 0),
        "$.staticHyperparameters.epochs",
        "between 1 and 1000");
    bad(
        j -> at(j, "staticHyperparameters").put("activation", "relu"),
        "$.staticHyperparameters.activation",
        "cannot also be static");
    bad(
        j -> at(j, "staticHyperparameters").put("momentum", 0.9),
        "$.staticHyperparameters.momentum",
        "not a hyperparameter");
  }

  /** Issue 12: a name that cannot be an environment variable failed at run time. */
  @Test
  void hyperparameterNamesMustBeEnvironmentVariableNames() throws Exception {
    for (String name : List.of("a-b", "1x", "a=b", "a b", "é", "x".repeat(129), "")) {
      bad(
          j -> at(j, "staticHyperparameters").put(name, 1),
          "$.staticHyperparameters." + name,
          "letters, digits and underscores",
          "VERNIER_HP_");
    }
    bad(
        j ->
            at(j, "parameterRanges")
                .set("learning-rate", at(j, "parameterRanges", "learning_rate")),
        "$.parameterRanges.learning-rate",
        "letters, digits and underscores");
    bad(
        j -> at(j, "staticHyperparameters").put("EPOCHS", 3),
        "$.staticHyperparameters.EPOCHS",
        "must differ from 'epochs' in more than case");
  }

  @Test
  void strategy() throws Exception {
    bad(j -> j.put("strategy", "tpe"), "$.strategy", "[random, bayesian, grid]");
  }

  @Test
  void limits() throws Exception {
    bad(j -> j.remove("limits"), "$.limits", "is required");
    bad(j -> at(j, "limits").put("maxTrials", 0), "$.limits.maxTrials", "between 1 and 10000");
    bad(j -> at(j, "limits").put("maxTrials", 2.5), "$.limits.maxTrials", "integer");
    bad(
        j -> at(j, "limits").put("maxParallelTrials", 101),
        "$.limits.maxParallelTrials",
        "between 1 and 100");
    bad(
        j -> at(j, "limits").put("maxParallelTrials", 30),
        "$.limits.maxParallelTrials",
        "must not exceed maxTrials");
    bad(
        j -> at(j, "limits").put("maxRuntimePerTrialSeconds", 0),
        "$.limits.maxRuntimePerTrialSeconds",
        "between");
    bad(j -> at(j, "limits").put("maxRuntimeSeconds", -5), "$.limits.maxRuntimeSeconds", "between");
  }

  @Test
  void earlyStoppingCompletionWarmStartSeed() throws Exception {
    bad(j -> j.put("earlyStopping", "median"), "$.earlyStopping", "must be off, auto or");
    bad(
        j -> at(j, "completion").put("bestNotImprovedTrials", 0),
        "$.completion.bestNotImprovedTrials",
        "between");
    bad(
        j -> at(j, "completion").put("targetObjectiveValue", "high"),
        "$.completion.targetObjectiveValue",
        "number");
    bad(
        j -> j.putObject("warmStart").put("type", "transfer").putArray("parents"),
        "$.warmStart.parents",
        "1 to 5");
    bad(
        j -> {
          var w = j.putObject("warmStart").put("type", "transfer");
          var p = w.putArray("parents");
          for (int i = 0; i < 6; i++) {
            p.add("p" + i);
          }
        },
        "$.warmStart.parents",
        "1 to 5");
    bad(
        j -> j.putObject("warmStart").put("type", "copy").putArray("parents").add("a"),
        "$.warmStart.type",
        "identical-data or transfer");
    bad(j -> j.put("seed", "x"), "$.seed", "integer");
  }

  /** A parent named twice broke the parents table's key: a 500 instead of a 400. */
  @Test
  void warmStartParentsMustBeDistinct() throws Exception {
    bad(
        j -> {
          var p = j.putObject("warmStart").put("type", "transfer").putArray("parents");
          p.add("ok1").add("ok2").add("ok1");
        },
        "$.warmStart.parents[2]",
        "parents must be distinct",
        "repeats $.warmStart.parents[0]",
        "got 'ok1'");
  }

  /** Issue 12: 1e30 was stored as 5076944270305263616 and 1e308 as Long.MAX_VALUE. */
  @Test
  void integersThatDoNotFitAreRefusedNotWrapped() throws Exception {
    bad(j -> j.put("seed", 1e30), "$.seed", "must be between 0 and 9223372036854775807", "1.0E30");
    bad(j -> j.put("seed", 1e308), "$.seed", "must be between 0 and", "1.0E308");
    bad(
        j -> j.put("seed", new java.math.BigInteger("99999999999999999999")),
        "$.seed",
        "must be between 0 and",
        "99999999999999999999");
    bad(j -> j.put("seed", 1.5), "$.seed", "must be an integer between", "got 1.5");
    bad(j -> j.put("seed", -1), "$.seed", "must be between 0 and", "got -1");
    bad(j -> at(j, "limits").put("maxTrials", 1e30), "$.limits.maxTrials", "between 1 and 10000");
    bad(
        j -> at(j, "limits").put("maxRuntimeSeconds", 4294967297.0 * 4294967297.0),
        "$.limits.maxRuntimeSeconds",
        "between 1 and");
    ObjectNode j = valid();
    j.put("seed", 1e18);
    assertEquals(1_000_000_000_000_000_000L, parser.parse(j).seed(), "an integral double fits");
    j.put("seed", Long.MAX_VALUE);
    assertEquals(Long.MAX_VALUE, parser.parse(j).seed());
  }

  @Test
  void commandsNeedMetricDefinitionsWithACaptureGroup() throws Exception {
    Consumer<ObjectNode> cmd =
        j -> {
          j.remove("algorithm");
          j.put("command", "xgb");
          j.remove("staticHyperparameters");
          at(j, "objective").put("metric", "validation:auc");
          j.putArray("metricDefinitions")
              .addObject()
              .put("name", "validation:auc")
              .put("regex", "auc=([0-9.]+)");
        };
    ObjectNode ok = valid();
    cmd.accept(ok);
    JobSpec s = parser.parse(ok);
    assertEquals("xgb", s.command());
    assertEquals("auc=([0-9.]+)", s.metricDefinitions().get(0).regex().pattern());
    bad(
        cmd.andThen(
            j -> ((ObjectNode) j.get("metricDefinitions").get(0)).put("regex", "auc=[0-9.]+")),
        "$.metricDefinitions[0].regex",
        "capture group");
    bad(
        cmd.andThen(
            j -> ((ObjectNode) j.get("metricDefinitions").get(0)).put("regex", "auc=([0-9.]+")),
        "$.metricDefinitions[0].regex",
        "valid regular expression");
    bad(
        cmd.andThen(j -> at(j, "objective").put("metric", "loss")),
        "$.objective.metric",
        "metricDefinitions");
    bad(cmd.andThen(j -> at(j, "objective").remove("type")), "$.objective.type", "required");
    bad(
        j -> j.putArray("metricDefinitions").addObject().put("name", "a").put("regex", "(x)"),
        "$.metricDefinitions",
        "only for commands");
  }
}
