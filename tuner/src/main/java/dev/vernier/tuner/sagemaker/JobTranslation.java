package dev.vernier.tuner.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.catalog.AlgorithmCatalog;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    int at = last.indexOf('@'); // an image by digest: name@sha256:...
    if (at >= 0) {
      last = last.substring(0, at);
    }
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
    String metric = text(objective, o, "MetricName", true);
    job.putObject("objective")
        .put("metric", metric == null ? null : metric(job, metric))
        .put("type", text(objective, o, "Type", true));
    origins.put("$.objective", o);
    origins.put("$.objective.metric", o + ".MetricName");
    origins.put("$.objective.type", o + ".Type");
  }

  /** SageMaker's accuracy metrics of linear-learner, which emits one accuracy here. */
  private static final Map<String, String> LINEAR_LEARNER_METRICS =
      Map.of("binary_classification_accuracy", "accuracy", "multiclass_accuracy", "accuracy");

  /**
   * An objective metric as SageMaker names it, in Vernier's name: {@code test:M} is {@code
   * validation:M} when the test channel became the validation channel, and linear-learner's {@code
   * binary_classification_accuracy} and {@code multiclass_accuracy} are its {@code accuracy}.
   */
  private String metric(ObjectNode job, String metric) {
    int colon = metric.indexOf(':');
    if (colon < 0) {
      return metric;
    }
    String channel = metric.substring(0, colon);
    String name = metric.substring(colon + 1);
    if (testAsValidation && channel.equals(InputChannels.TEST)) { // built-ins only
      channel = "validation";
    }
    if (job.path("algorithm").asText().equals("linear-learner")) {
      name = LINEAR_LEARNER_METRICS.getOrDefault(name, name);
    }
    return channel + ":" + name;
  }

  /** Where SageMaker looks for a job's epochs when MaxResource is not given. */
  private static final List<String> EPOCH_NAMES =
      List.of("epochs", "numepochs", "n-epochs", "n_epochs", "num_epochs");

  /**
   * {@code StrategyConfig.HyperbandStrategyConfig}, once the static hyperparameters are in
   * Vernier's names: Vernier's hyperband starts every trial at one epoch (MinResource 1) and trains
   * the best to the trial's epochs, so MaxResource must agree with a static epoch count, or becomes
   * it when there is none.
   */
  void hyperbandResources(JsonNode req, ObjectNode job) {
    String c = "HyperParameterTuningJobConfig";
    String s = c + ".StrategyConfig";
    String h = s + ".HyperbandStrategyConfig";
    JsonNode cfg = req.path(c).path("StrategyConfig").path("HyperbandStrategyConfig");
    if (!cfg.isObject()) {
      return;
    }
    JsonNode min = member(cfg, h, "MinResource", Kind.INTEGER, false);
    if (min != null && min.asLong() != 1) {
      errors.add(
          h + ".MinResource",
          "must be 1: Vernier's hyperband starts every trial at one epoch (its first rung)",
          min.numberValue());
    }
    JsonNode max = member(cfg, h, "MaxResource", Kind.INTEGER, false);
    if (max == null) {
      return;
    }
    if (!job.path("strategy").asText().equals("hyperband")) {
      errors.add(h, "is for the Hyperband strategy only", job.path("strategy").asText());
      return;
    }
    if (max.asLong() < 1 || max.asLong() > 20_000) {
      errors.add(h + ".MaxResource", "must be between 1 and 20000 epochs", max.numberValue());
      return;
    }
    String key =
        job.has("algorithm")
                && catalog
                    .find(job.get("algorithm").asText())
                    .map(a -> a.hyperparameter("epochs").isEmpty())
                    .orElse(false)
            ? "max_iterations"
            : "epochs";
    ObjectNode statics =
        job.has("staticHyperparameters")
            ? (ObjectNode) job.get("staticHyperparameters")
            : job.putObject("staticHyperparameters");
    if (job.path("parameterRanges").has(key)) {
      errors.add(
          h + ".MaxResource",
          "cannot bound a tuned "
              + key
              + ": Vernier's hyperband stops trials by epochs, so give "
              + key
              + " as a static hyperparameter",
          max.numberValue());
      return;
    }
    for (String name : job.has("algorithm") ? List.of(key) : EPOCH_NAMES) {
      JsonNode given = statics.get(name);
      if (given != null) {
        if (!given.asText().trim().equals(max.asText())) {
          errors.add(
              h + ".MaxResource",
              "must equal the static " + name + " (" + given.asText() + ") when both are given",
              max.numberValue());
        }
        return;
      }
    }
    statics.put(key, max.asText());
    origins.put("$.staticHyperparameters." + key, h + ".MaxResource");
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
