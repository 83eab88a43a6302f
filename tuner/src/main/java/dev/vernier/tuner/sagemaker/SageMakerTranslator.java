package dev.vernier.tuner.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates SageMaker's {@code CreateHyperParameterTuningJob} request into a Vernier job (JSON in
 * Vernier's submission format, validated afterwards like any job) and lists every field it did not
 * use, so users can bring their existing configurations and see what Vernier ignores.
 *
 * <p>S3 input URIs map to files under the first data root: {@code s3://bucket/key} becomes {@code
 * <root>/bucket/key}; a prefix that names a folder ({@code s3://bucket/fmnist/train/}) is read as
 * one dataset of the files in it, as SageMaker's File mode does. Manifest channels ({@code
 * ManifestFile}, {@code AugmentedManifestFile}) are refused. The algorithm comes from {@code
 * AlgorithmSpecification.AlgorithmName} or the name of the {@code TrainingImage} ({@code
 * .../linear-learner:1} is {@code linear-learner}); a name that is not built in must be a
 * registered command.
 */
public final class SageMakerTranslator {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Vernier job and the SageMaker fields (as JSON paths) that were ignored. */
  public record Translation(ObjectNode job, List<String> ignored) {}

  private final AlgorithmCatalog catalog;
  private final Collection<String> commands;

  public SageMakerTranslator(AlgorithmCatalog catalog, Collection<String> commands) {
    this.catalog = catalog;
    this.commands = commands;
  }

  public Translation translate(JsonNode req) {
    if (req == null || !req.isObject()) {
      throw new InvalidInputException(
          "$", "a CreateHyperParameterTuningJob request is a JSON object", null);
    }
    Set<String> used = new LinkedHashSet<>();
    ObjectNode job = JSON.createObjectNode();
    job.put("name", text(req, "$.HyperParameterTuningJobName", used));
    JsonNode cfg = obj(req, "$.HyperParameterTuningJobConfig");
    JsonNode def = obj(req, "$.TrainingJobDefinition");

    JsonNode algSpec = obj(def, "$.TrainingJobDefinition.AlgorithmSpecification");
    String alg = algorithm(algSpec, used);
    if (catalog.find(alg).isPresent()) {
      job.put("algorithm", alg);
    } else if (commands.contains(alg)) {
      job.put("command", alg);
    } else {
      throw new InvalidInputException(
          "$.TrainingJobDefinition.AlgorithmSpecification",
          "names no built-in algorithm "
              + catalog.names()
              + " and no registered command "
              + commands,
          alg);
    }
    JsonNode defs = algSpec.get("MetricDefinitions");
    if (defs != null && defs.isArray() && defs.size() > 0 && job.has("command")) {
      ArrayNode md = job.putArray("metricDefinitions");
      for (int i = 0; i < defs.size(); i++) {
        String p = "$.TrainingJobDefinition.AlgorithmSpecification.MetricDefinitions[" + i + "]";
        md.addObject()
            .put("name", text(defs.get(i), p + ".Name", used))
            .put("regex", text(defs.get(i), p + ".Regex", used));
      }
    }

    channels(def, job, used);

    JsonNode statics = def.get("StaticHyperParameters");
    if (statics != null && statics.isObject()) {
      ObjectNode s = job.putObject("staticHyperparameters");
      statics
          .fields()
          .forEachRemaining(
              e -> {
                // SageMaker passes every value as a string; its built-ins also set internal ones
                if (!e.getKey().startsWith("_") && !e.getKey().startsWith("sagemaker_")) {
                  s.set(e.getKey(), e.getValue());
                  used.add("$.TrainingJobDefinition.StaticHyperParameters." + e.getKey());
                }
              });
    }

    JsonNode objective =
        obj(cfg, "$.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective");
    job.putObject("objective")
        .put(
            "metric",
            text(
                objective,
                "$.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName",
                used))
        .put(
            "type",
            text(
                objective,
                "$.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.Type",
                used));

    ranges(
        obj(cfg, "$.HyperParameterTuningJobConfig.ParameterRanges"),
        job.putObject("parameterRanges"),
        used);

    String strategy = cfg.path("Strategy").asText("Bayesian");
    used.add("$.HyperParameterTuningJobConfig.Strategy");
    job.put("strategy", strategy.toLowerCase(Locale.ROOT));

    JsonNode limits = obj(cfg, "$.HyperParameterTuningJobConfig.ResourceLimits");
    ObjectNode l = job.putObject("limits");
    copyInt(
        limits,
        "MaxNumberOfTrainingJobs",
        l,
        "maxTrials",
        "$.HyperParameterTuningJobConfig.ResourceLimits",
        used);
    copyInt(
        limits,
        "MaxParallelTrainingJobs",
        l,
        "maxParallelTrials",
        "$.HyperParameterTuningJobConfig.ResourceLimits",
        used);
    copyInt(
        limits,
        "MaxRuntimeInSeconds",
        l,
        "maxRuntimeSeconds",
        "$.HyperParameterTuningJobConfig.ResourceLimits",
        used);
    JsonNode stopping = def.get("StoppingCondition");
    if (stopping != null) {
      copyInt(
          stopping,
          "MaxRuntimeInSeconds",
          l,
          "maxRuntimePerTrialSeconds",
          "$.TrainingJobDefinition.StoppingCondition",
          used);
    }

    if (cfg.has("TrainingJobEarlyStoppingType")) {
      used.add("$.HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType");
      job.put(
          "earlyStopping",
          cfg.get("TrainingJobEarlyStoppingType").asText().toLowerCase(Locale.ROOT));
    }
    JsonNode crit = cfg.get("TuningJobCompletionCriteria");
    if (crit != null) {
      ObjectNode c = job.putObject("completion");
      if (crit.has("TargetObjectiveMetricValue")) {
        used.add(
            "$.HyperParameterTuningJobConfig.TuningJobCompletionCriteria.TargetObjectiveMetricValue");
        c.set("targetObjectiveValue", crit.get("TargetObjectiveMetricValue"));
      }
      JsonNode best =
          crit.path("BestObjectiveNotImproving").get("MaxNumberOfTrainingJobsNotImproving");
      if (best != null) {
        used.add(
            "$.HyperParameterTuningJobConfig.TuningJobCompletionCriteria.BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving");
        c.set("bestNotImprovedTrials", best);
      }
    }
    if (cfg.has("RandomSeed")) {
      used.add("$.HyperParameterTuningJobConfig.RandomSeed");
      job.set("seed", cfg.get("RandomSeed"));
    }
    JsonNode warm = req.get("WarmStartConfig");
    if (warm != null) {
      ObjectNode w = job.putObject("warmStart");
      ArrayNode parents = w.putArray("parents");
      JsonNode ps = warm.path("ParentHyperParameterTuningJobs");
      for (int i = 0; i < ps.size(); i++) {
        parents.add(
            text(
                ps.get(i),
                "$.WarmStartConfig.ParentHyperParameterTuningJobs["
                    + i
                    + "].HyperParameterTuningJobName",
                used));
      }
      String type = text(warm, "$.WarmStartConfig.WarmStartType", used);
      w.put(
          "type",
          type.equals("TransferLearning")
              ? "transfer"
              : type.equals("IdenticalDataAndAlgorithm") ? "identical-data" : type);
    }
    List<String> ignored = new ArrayList<>();
    leaves(req, "$", used, ignored);
    return new Translation(job, ignored);
  }

  private static String algorithm(JsonNode spec, Set<String> used) {
    String p = "$.TrainingJobDefinition.AlgorithmSpecification";
    if (spec.hasNonNull("AlgorithmName")) {
      used.add(p + ".AlgorithmName");
      return spec.get("AlgorithmName").asText();
    }
    String image = text(spec, p + ".TrainingImage", used);
    String last = image.substring(image.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    return colon < 0 ? last : last.substring(0, colon);
  }

  private static void channels(JsonNode def, ObjectNode job, Set<String> used) {
    JsonNode in = def.get("InputDataConfig");
    if (in == null || !in.isArray()) {
      throw new InvalidInputException(
          "$.TrainingJobDefinition.InputDataConfig", "must list the input channels", null);
    }
    ObjectNode ch = job.putObject("channels");
    for (int i = 0; i < in.size(); i++) {
      String p = "$.TrainingJobDefinition.InputDataConfig[" + i + "]";
      JsonNode c = in.get(i);
      String name = text(c, p + ".ChannelName", used);
      String uri =
          text(
              c.path("DataSource").path("S3DataSource"),
              p + ".DataSource.S3DataSource.S3Uri",
              used);
      JsonNode type = c.path("DataSource").path("S3DataSource").get("S3DataType");
      if (type != null) {
        String t = type.asText();
        if (!t.equals("S3Prefix")) {
          throw new InvalidInputException(
              p + ".DataSource.S3DataSource.S3DataType",
              t.endsWith("ManifestFile")
                  ? "Vernier reads S3Prefix channels (a file or a folder under a data root);"
                      + " manifest files are not read"
                  : "must be S3Prefix",
              t);
        }
        used.add(p + ".DataSource.S3DataSource.S3DataType");
      }
      if (!uri.startsWith("s3://")) {
        throw new InvalidInputException(
            p + ".DataSource.S3DataSource.S3Uri",
            "must be an s3:// URI (it maps to <data root>/bucket/key)",
            uri);
      }
      ObjectNode o =
          ch.putObject(name).put("path", Path.of(uri.substring("s3://".length())).toString());
      if (c.hasNonNull("ContentType")) {
        used.add(p + ".ContentType");
        String ct = c.get("ContentType").asText().toLowerCase(Locale.ROOT);
        String format =
            ct.startsWith("text/csv")
                ? "csv"
                : ct.contains("libsvm") ? "libsvm" : ct.contains("idx") ? "idx" : null;
        if (format == null) {
          throw new InvalidInputException(
              p + ".ContentType", "Vernier reads text/csv, text/libsvm and IDX", ct);
        }
        o.put("format", format);
      }
    }
  }

  private static final Map<String, String> RANGE_TYPES =
      Map.of(
          "ContinuousParameterRanges",
          "continuous",
          "IntegerParameterRanges",
          "integer",
          "CategoricalParameterRanges",
          "categorical");

  private static void ranges(JsonNode pr, ObjectNode out, Set<String> used) {
    for (var kind : RANGE_TYPES.entrySet()) {
      JsonNode list = pr.get(kind.getKey());
      if (list == null) {
        continue;
      }
      for (int i = 0; i < list.size(); i++) {
        String p =
            "$.HyperParameterTuningJobConfig.ParameterRanges." + kind.getKey() + "[" + i + "]";
        JsonNode r = list.get(i);
        ObjectNode o = out.putObject(text(r, p + ".Name", used)).put("type", kind.getValue());
        if (kind.getValue().equals("categorical")) {
          used.add(p + ".Values");
          ArrayNode v = o.putArray("values");
          r.path("Values").forEach(v::add);
        } else {
          o.set("min", number(r, p + ".MinValue", used));
          o.set("max", number(r, p + ".MaxValue", used));
          if (r.hasNonNull("ScalingType")) {
            used.add(p + ".ScalingType");
            o.put("scaling", r.get("ScalingType").asText());
          }
        }
      }
    }
  }

  /** SageMaker writes range bounds as strings; Vernier wants numbers. */
  private static JsonNode number(JsonNode r, String path, Set<String> used) {
    String s = text(r, path, used);
    try {
      return s.matches("-?\\d+")
          ? JSON.getNodeFactory().numberNode(Long.parseLong(s))
          : JSON.getNodeFactory().numberNode(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(path, "must be a number", s);
    }
  }

  private static void copyInt(
      JsonNode from, String field, ObjectNode to, String as, String path, Set<String> used) {
    if (from.has(field)) {
      used.add(path + "." + field);
      to.set(as, from.get(field));
    }
  }

  private static JsonNode obj(JsonNode parent, String path) {
    JsonNode n = parent.get(path.substring(path.lastIndexOf('.') + 1));
    if (n == null || !n.isObject()) {
      throw new InvalidInputException(path, "is required (an object)", null);
    }
    return n;
  }

  private static String text(JsonNode parent, String path, Set<String> used) {
    JsonNode n = parent.get(path.substring(path.lastIndexOf('.') + 1));
    if (n == null || n.isNull() || n.isContainerNode() || n.asText().isBlank()) {
      throw new InvalidInputException(path, "is required", null);
    }
    used.add(path);
    return n.asText();
  }

  /** Collects every leaf path of {@code n} that no rule consumed. */
  private static void leaves(JsonNode n, String path, Set<String> used, List<String> out) {
    if (used.contains(path)) {
      return;
    }
    if (n.isObject() && n.size() > 0) {
      n.fields().forEachRemaining(e -> leaves(e.getValue(), path + "." + e.getKey(), used, out));
    } else if (n.isArray() && n.size() > 0) {
      for (int i = 0; i < n.size(); i++) {
        leaves(n.get(i), path + "[" + i + "]", used, out);
      }
    } else {
      out.add(path);
    }
  }
}
