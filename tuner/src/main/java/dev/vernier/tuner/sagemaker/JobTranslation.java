package dev.vernier.tuner.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.catalog.AlgorithmCatalog;
import java.util.Collection;
import java.util.Locale;

/**
 * One request's translation into a Vernier job: the algorithm, metric definitions, channels ({@link
 * InputChannels}), static hyperparameters, objective, ranges ({@link ParameterRanges}), strategy,
 * limits, early stopping, completion criteria, seed and warm start. Errors, used fields and origins
 * are collected as {@link RequestReader} does; one instance per request.
 */
final class JobTranslation extends RequestReader {
  private static final ObjectMapper JSON = dev.vernier.core.json.Json.MAPPER;

  private final AlgorithmCatalog catalog;
  private final Collection<String> commands;

  JobTranslation(AlgorithmCatalog catalog, Collection<String> commands) {
    this.catalog = catalog;
    this.commands = commands;
  }

  ObjectNode job(JsonNode req) {
    ObjectNode job = JSON.createObjectNode();
    job.put("name", text(req, "", "HyperParameterTuningJobName", true));
    origins.put("$.name", "HyperParameterTuningJobName");
    String c = "HyperParameterTuningJobConfig";
    String d = "TrainingJobDefinition";
    JsonNode cfg = member(req, "", c, Kind.OBJECT, true);
    JsonNode def = member(req, "", d, Kind.OBJECT, true);

    String a = d + ".AlgorithmSpecification";
    JsonNode algSpec = member(def, d, "AlgorithmSpecification", Kind.OBJECT, true);
    String alg = algorithm(algSpec, a);
    if (alg != null) {
      if (catalog.find(alg).isPresent()) {
        job.put("algorithm", alg);
        origins.put("$.algorithm", a);
      } else if (commands.contains(alg)) {
        job.put("command", alg);
        origins.put("$.command", a);
      } else {
        errors.add(
            a,
            "names no built-in algorithm "
                + catalog.names()
                + " and no registered command "
                + commands,
            alg);
      }
    }
    metricDefinitions(algSpec, a, job);
    InputChannels.read(this, def, d, job);
    statics(def, d, job);
    objective(cfg, c, job);
    ParameterRanges.read(this, cfg, c, job);

    String strategy = text(cfg, c, "Strategy", false);
    used.add("$." + c + ".Strategy");
    job.put("strategy", (strategy == null ? "Bayesian" : strategy).toLowerCase(Locale.ROOT));
    origins.put("$.strategy", c + ".Strategy");

    String r = c + ".ResourceLimits";
    JsonNode limits = member(cfg, c, "ResourceLimits", Kind.OBJECT, true);
    ObjectNode l = job.putObject("limits");
    origins.put("$.limits", r);
    copy(limits, r, "MaxNumberOfTrainingJobs", Kind.INTEGER, l, "$.limits", "maxTrials");
    copy(limits, r, "MaxParallelTrainingJobs", Kind.INTEGER, l, "$.limits", "maxParallelTrials");
    copy(limits, r, "MaxRuntimeInSeconds", Kind.INTEGER, l, "$.limits", "maxRuntimeSeconds");
    String s = d + ".StoppingCondition";
    JsonNode stopping = member(def, d, "StoppingCondition", Kind.OBJECT, false);
    copy(
        stopping,
        s,
        "MaxRuntimeInSeconds",
        Kind.INTEGER,
        l,
        "$.limits",
        "maxRuntimePerTrialSeconds");

    String early = text(cfg, c, "TrainingJobEarlyStoppingType", false);
    if (early != null) {
      job.put("earlyStopping", early.toLowerCase(Locale.ROOT));
      origins.put("$.earlyStopping", c + ".TrainingJobEarlyStoppingType");
    }
    completion(cfg, c, job);
    copy(cfg, c, "RandomSeed", Kind.INTEGER, job, "$", "seed");
    warmStart(req, job);
    return job;
  }

  private String algorithm(JsonNode spec, String a) {
    if (spec == null) {
      return null;
    }
    if (spec.has("AlgorithmName")) {
      return text(spec, a, "AlgorithmName", true);
    }
    String image = text(spec, a, "TrainingImage", true);
    if (image == null) {
      return null;
    }
    String last = image.substring(image.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    return colon < 0 ? last : last.substring(0, colon);
  }

  private void metricDefinitions(JsonNode algSpec, String a, ObjectNode job) {
    JsonNode defs = member(algSpec, a, "MetricDefinitions", Kind.ARRAY, false);
    // built-in algorithms declare their metrics: the definitions are then ignored
    if (defs == null || defs.size() == 0 || !job.has("command")) {
      return;
    }
    ArrayNode md = job.putArray("metricDefinitions");
    for (int i = 0; i < defs.size(); i++) {
      String p = a + ".MetricDefinitions[" + i + "]";
      JsonNode d = item(defs, i, p, Kind.OBJECT);
      md.addObject().put("name", text(d, p, "Name", true)).put("regex", text(d, p, "Regex", true));
      origins.put("$.metricDefinitions[" + i + "]", p);
      origins.put("$.metricDefinitions[" + i + "].name", p + ".Name");
      origins.put("$.metricDefinitions[" + i + "].regex", p + ".Regex");
    }
  }

  private void statics(JsonNode def, String d, ObjectNode job) {
    String p = d + ".StaticHyperParameters";
    JsonNode statics = member(def, d, "StaticHyperParameters", Kind.OBJECT, false);
    if (statics == null) {
      return;
    }
    ObjectNode s = job.putObject("staticHyperparameters");
    origins.put("$.staticHyperparameters", p);
    statics
        .fields()
        .forEachRemaining(
            e -> {
              // SageMaker passes every value as a string; its built-ins also set internal ones
              String k = e.getKey();
              if (k.startsWith("_") || k.startsWith("sagemaker_")) {
                return;
              }
              JsonNode v = e.getValue();
              if (!v.isValueNode() || v.isNull()) {
                errors.add(p + "." + k, "must be a string", shown(v));
                return;
              }
              s.set(k, v);
              used.add("$." + p + "." + k);
              origins.put("$.staticHyperparameters." + k, p + "." + k);
            });
  }

  private void objective(JsonNode cfg, String c, ObjectNode job) {
    String o = c + ".HyperParameterTuningJobObjective";
    JsonNode objective = member(cfg, c, "HyperParameterTuningJobObjective", Kind.OBJECT, true);
    job.putObject("objective")
        .put("metric", text(objective, o, "MetricName", true))
        .put("type", text(objective, o, "Type", true));
    origins.put("$.objective", o);
    origins.put("$.objective.metric", o + ".MetricName");
    origins.put("$.objective.type", o + ".Type");
  }

  private void completion(JsonNode cfg, String c, ObjectNode job) {
    String t = c + ".TuningJobCompletionCriteria";
    JsonNode crit = member(cfg, c, "TuningJobCompletionCriteria", Kind.OBJECT, false);
    if (crit == null) {
      return;
    }
    ObjectNode out = job.putObject("completion");
    origins.put("$.completion", t);
    copy(
        crit,
        t,
        "TargetObjectiveMetricValue",
        Kind.NUMBER,
        out,
        "$.completion",
        "targetObjectiveValue");
    String b = t + ".BestObjectiveNotImproving";
    JsonNode best = member(crit, t, "BestObjectiveNotImproving", Kind.OBJECT, false);
    copy(
        best,
        b,
        "MaxNumberOfTrainingJobsNotImproving",
        Kind.INTEGER,
        out,
        "$.completion",
        "bestNotImprovedTrials");
  }

  private void warmStart(JsonNode req, ObjectNode job) {
    String w = "WarmStartConfig";
    JsonNode warm = member(req, "", w, Kind.OBJECT, false);
    if (warm == null) {
      return;
    }
    ObjectNode out = job.putObject("warmStart");
    origins.put("$.warmStart", w);
    ArrayNode parents = out.putArray("parents");
    String ps = w + ".ParentHyperParameterTuningJobs";
    origins.put("$.warmStart.parents", ps);
    JsonNode list = member(warm, w, "ParentHyperParameterTuningJobs", Kind.ARRAY, true);
    for (int i = 0; list != null && i < list.size(); i++) {
      String p = ps + "[" + i + "]";
      parents.add(text(item(list, i, p, Kind.OBJECT), p, "HyperParameterTuningJobName", true));
      origins.put("$.warmStart.parents[" + i + "]", p + ".HyperParameterTuningJobName");
    }
    String type = text(warm, w, "WarmStartType", true);
    origins.put("$.warmStart.type", w + ".WarmStartType");
    out.put(
        "type",
        type == null
            ? null
            : type.equals("TransferLearning")
                ? "transfer"
                : type.equals("IdenticalDataAndAlgorithm") ? "identical-data" : type);
  }
}
