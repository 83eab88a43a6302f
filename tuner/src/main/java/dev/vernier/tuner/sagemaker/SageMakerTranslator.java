package dev.vernier.tuner.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InputErrors;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.platform.error.AlreadyExistsException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
 *
 * <p>Errors: every field the translation reads is type-checked as SageMaker's API types it (an
 * object, an array, a string, an integer, a number; range bounds are strings holding numbers), and
 * all errors of a request are reported at once, each naming the field as SageMaker writes it
 * ({@code HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0].MinValue}).
 * Errors that Vernier's job parser finds afterwards are renamed the same way with {@link
 * Translation#inRequestTerms}. Ignored fields are listed as JSON paths ({@code
 * $.TrainingJobDefinition.RoleArn}).
 */
public final class SageMakerTranslator {
  private static final ObjectMapper JSON = dev.vernier.core.json.Json.MAPPER;

  /**
   * The Vernier job, the SageMaker fields (as JSON paths) that were ignored, and for each JSON path
   * of the job the SageMaker field it came from.
   */
  public record Translation(ObjectNode job, List<String> ignored, Map<String, String> origins) {
    /**
     * {@code e} (an error in the translated job, e.g. {@code $.limits.maxTrials}) with each field
     * renamed to the request's field it came from ({@code
     * HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs}): the nearest mapped
     * ancestor of the field. A taken name ({@link AlreadyExistsException}, a 409) keeps its type,
     * renamed to {@code HyperParameterTuningJobName}; other exceptions of a more specific type are
     * returned as they are.
     */
    public InvalidInputException inRequestTerms(InvalidInputException e) {
      if (e instanceof AlreadyExistsException && e.errors().size() == 1) {
        InvalidInputException.Error x = e.errors().get(0);
        String f = origin(x.field());
        return f.equals(x.field()) ? e : new AlreadyExistsException(f, x.value());
      }
      if (e.getClass() != InvalidInputException.class) {
        return e;
      }
      List<InvalidInputException.Error> out = new ArrayList<>();
      boolean changed = false;
      for (InvalidInputException.Error x : e.errors()) {
        String f = origin(x.field());
        changed |= !f.equals(x.field());
        out.add(x.withField(f));
      }
      if (!changed) {
        return e;
      }
      if (out.size() == 1) {
        InvalidInputException.Error x = out.get(0);
        return new InvalidInputException(x, e);
      }
      return new InvalidInputException(out);
    }

    private String origin(String field) {
      for (String f = field; f != null; f = parent(f)) {
        String o = origins.get(f);
        if (o != null) {
          return o;
        }
      }
      return field;
    }

    private static String parent(String path) {
      int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      return cut <= 1 ? null : path.substring(0, cut);
    }
  }

  private final AlgorithmCatalog catalog;
  private final Collection<String> commands;

  public SageMakerTranslator(AlgorithmCatalog catalog, Collection<String> commands) {
    this.catalog = catalog;
    this.commands = commands;
  }

  /**
   * Translates a request.
   *
   * @throws InvalidInputException listing every error of the request
   */
  public Translation translate(JsonNode req) {
    if (req == null || !req.isObject()) {
      throw new InvalidInputException(
          "$", "a CreateHyperParameterTuningJob request is a JSON object", null);
    }
    Run run = new Run();
    ObjectNode job = run.job(req);
    run.errors.throwIfAny();
    List<String> ignored = new ArrayList<>();
    if (job.has("algorithm")) {
      // SageMaker's hyperparameter names for its built-ins: taken, renamed, or ignored with why
      try {
        new BuiltInHyperparameters(catalog.find(job.get("algorithm").asText()).orElseThrow())
            .apply(req, job, run.used, ignored);
      } catch (InvalidInputException e) { // errors name fields SageMaker's way, without "$."
        throw new InvalidInputException(
            e.errors().stream()
                .map(
                    x ->
                        x.withField(
                            x.field().startsWith("$.") ? x.field().substring(2) : x.field()))
                .toList());
      }
    }
    leaves(req, "$", run.used, ignored);
    return new Translation(job, ignored, Map.copyOf(run.origins));
  }

  /** The JSON types SageMaker's API gives its fields. */
  private enum Kind {
    OBJECT("an object"),
    ARRAY("an array"),
    STRING("a non-empty string"),
    INTEGER("an integer"),
    NUMBER("a number");

    final String word;

    Kind(String word) {
      this.word = word;
    }

    boolean accepts(JsonNode n) {
      return switch (this) {
        case OBJECT -> n.isObject();
        case ARRAY -> n.isArray();
        case STRING -> n.isTextual() && !n.asText().isBlank();
        case INTEGER ->
            n.isIntegralNumber() || (n.isNumber() && n.asDouble() == Math.rint(n.asDouble()));
        case NUMBER -> n.isNumber();
      };
    }
  }

  /** An integer range bound: digits with an optional minus sign. */
  private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?\\d+");

  /** A continuous range bound: a plain decimal number, optionally with an exponent. */
  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private static final List<String[]> RANGE_TYPES =
      List.of(
          new String[] {"ContinuousParameterRanges", "continuous"},
          new String[] {"IntegerParameterRanges", "integer"},
          new String[] {"CategoricalParameterRanges", "categorical"});

  /** One translation: the errors found, the fields used, where each job field came from. */
  private final class Run {
    final InputErrors errors = new InputErrors();
    final Set<String> used = new LinkedHashSet<>();
    final Map<String, String> origins = new LinkedHashMap<>();

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
      channels(def, d, job);
      statics(def, d, job);
      objective(cfg, c, job);
      ranges(cfg, c, job);

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
        md.addObject()
            .put("name", text(d, p, "Name", true))
            .put("regex", text(d, p, "Regex", true));
        origins.put("$.metricDefinitions[" + i + "]", p);
        origins.put("$.metricDefinitions[" + i + "].name", p + ".Name");
        origins.put("$.metricDefinitions[" + i + "].regex", p + ".Regex");
      }
    }

    private void channels(JsonNode def, String d, ObjectNode job) {
      JsonNode in = member(def, d, "InputDataConfig", Kind.ARRAY, true);
      ObjectNode ch = job.putObject("channels");
      origins.put("$.channels", d + ".InputDataConfig");
      if (in == null) {
        return;
      }
      Map<String, Integer> named = new LinkedHashMap<>();
      for (int i = 0; i < in.size(); i++) {
        String p = d + ".InputDataConfig[" + i + "]";
        JsonNode c = item(in, i, p, Kind.OBJECT);
        String name = text(c, p, "ChannelName", true);
        if (name != null) {
          Integer first = named.putIfAbsent(name, i);
          if (first != null) {
            // the job has one channel of each name: a second would silently replace the first
            errors.add(
                p + ".ChannelName",
                "channel names must be distinct; it repeats "
                    + d
                    + ".InputDataConfig["
                    + first
                    + "].ChannelName",
                name);
            name = null;
          }
        }
        JsonNode ds = member(c, p, "DataSource", Kind.OBJECT, true);
        String s = p + ".DataSource.S3DataSource";
        JsonNode s3 = member(ds, p + ".DataSource", "S3DataSource", Kind.OBJECT, true);
        String uri = text(s3, s, "S3Uri", true);
        String type = text(s3, s, "S3DataType", false);
        if (type != null && !type.equals("S3Prefix")) {
          errors.add(
              s + ".S3DataType",
              type.endsWith("ManifestFile")
                  ? "Vernier reads S3Prefix channels (a file or a folder under a data root);"
                      + " manifest files are not read"
                  : "must be S3Prefix",
              type);
        }
        if (uri != null && !uri.startsWith("s3://")) {
          errors.add(s + ".S3Uri", "must be an s3:// URI (it maps to <data root>/bucket/key)", uri);
          uri = null;
        }
        String format = null;
        String ct = text(c, p, "ContentType", false);
        if (ct != null) {
          String t = ct.toLowerCase(Locale.ROOT);
          format =
              t.startsWith("text/csv")
                  ? "csv"
                  : t.contains("libsvm") ? "libsvm" : t.contains("idx") ? "idx" : null;
          if (format == null) {
            errors.add(p + ".ContentType", "Vernier reads text/csv, text/libsvm and IDX", ct);
          }
        }
        String path = null;
        if (uri != null) {
          try {
            path = Path.of(uri.substring("s3://".length())).toString();
          } catch (InvalidPathException e) {
            // a NUL byte, say: refused as the native format's channel path is
            errors.add(s + ".S3Uri", "is not a valid path", uri);
          }
        }
        if (name == null || path == null) {
          continue;
        }
        ObjectNode o = ch.putObject(name).put("path", path);
        origins.put("$.channels." + name, p);
        origins.put("$.channels." + name + ".path", s + ".S3Uri");
        if (format != null) {
          o.put("format", format);
          origins.put("$.channels." + name + ".format", p + ".ContentType");
        }
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
                  errors.add(p + "." + k, "must be a string", kind(v));
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

    private void ranges(JsonNode cfg, String c, ObjectNode job) {
      String pr = c + ".ParameterRanges";
      JsonNode ranges = member(cfg, c, "ParameterRanges", Kind.OBJECT, true);
      ObjectNode out = job.putObject("parameterRanges");
      origins.put("$.parameterRanges", pr);
      for (String[] kind : RANGE_TYPES) {
        JsonNode list = member(ranges, pr, kind[0], Kind.ARRAY, false);
        if (list == null) {
          continue;
        }
        for (int i = 0; i < list.size(); i++) {
          String p = pr + "." + kind[0] + "[" + i + "]";
          JsonNode r = item(list, i, p, Kind.OBJECT);
          String name = text(r, p, "Name", true);
          ObjectNode o = JSON.createObjectNode().put("type", kind[1]);
          if (kind[1].equals("categorical")) {
            JsonNode values = member(r, p, "Values", Kind.ARRAY, true);
            used.add("$." + p + ".Values");
            ArrayNode v = o.putArray("values");
            for (int j = 0; values != null && j < values.size(); j++) {
              JsonNode x = item(values, j, p + ".Values[" + j + "]", Kind.STRING);
              if (x != null) {
                v.add(x);
              }
            }
          } else {
            boolean integer = kind[1].equals("integer");
            o.set("min", number(r, p, "MinValue", integer));
            o.set("max", number(r, p, "MaxValue", integer));
            String scaling = text(r, p, "ScalingType", false);
            if (scaling != null) {
              o.put("scaling", scaling);
            }
          }
          if (name == null) {
            continue;
          }
          if (out.has(name)) {
            errors.add(p + ".Name", "names a parameter that already has a range", name);
            continue;
          }
          out.set(name, o);
          String v = "$.parameterRanges." + name;
          origins.put(v, p);
          origins.put(v + ".type", p);
          origins.put(v + ".min", p + ".MinValue");
          origins.put(v + ".max", p + ".MaxValue");
          origins.put(v + ".scaling", p + ".ScalingType");
          origins.put(v + ".values", p + ".Values");
        }
      }
    }

    /**
     * SageMaker writes range bounds as strings; Vernier wants numbers. A bound is a plain decimal
     * number, optionally with an exponent ({@code 0.001}, {@code -2}, {@code 1e-4}), as SageMaker
     * reads it: no Java suffixes ({@code 1d}), hexadecimal or surrounding spaces. An integer
     * range's bounds are integers ({@code 1e3} is refused there); an integer too large for the
     * range is left to the job parser, which names the limit.
     */
    private JsonNode number(JsonNode r, String parent, String name, boolean integer) {
      String s = text(r, parent, name, true);
      if (s == null) {
        return null;
      }
      String field = parent + "." + name;
      if (INTEGER.matcher(s).matches()) {
        java.math.BigInteger v = new java.math.BigInteger(s);
        return v.bitLength() < 64
            ? JSON.getNodeFactory().numberNode(v.longValueExact())
            : JSON.getNodeFactory().numberNode(v);
      }
      if (integer) {
        errors.add(field, "must be a string holding an integer (e.g. \"16\")", s);
        return null;
      }
      if (!DECIMAL.matcher(s).matches()) {
        errors.add(
            field, "must be a string holding a decimal number (e.g. \"0.001\" or \"1e-4\")", s);
        return null;
      }
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        errors.add(field, "must be a finite number", s);
        return null;
      }
      return JSON.getNodeFactory().numberNode(v);
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

    /** Copies a scalar member of {@code from} to {@code to.as}, remembering where it came from. */
    private void copy(
        JsonNode from, String path, String name, Kind kind, ObjectNode to, String at, String as) {
      JsonNode v = member(from, path, name, kind, false);
      if (v != null) {
        to.set(as, v);
        origins.put(at + "." + as, path + "." + name);
      }
    }

    private String text(JsonNode parent, String path, String name, boolean required) {
      JsonNode n = member(parent, path, name, Kind.STRING, required);
      return n == null ? null : n.asText();
    }

    /**
     * The member {@code name} of {@code parent} when it is there and of the right kind; null when
     * it is absent (an error if required) or of another kind (an error), or when the parent itself
     * was missing or wrong (its error already recorded).
     *
     * @param path the parent's field as SageMaker writes it, empty for the request
     */
    private JsonNode member(
        JsonNode parent, String path, String name, Kind kind, boolean required) {
      if (parent == null) {
        return null;
      }
      String p = path.isEmpty() ? name : path + "." + name;
      JsonNode n = parent.get(name);
      if (n == null || n.isNull()) {
        if (required) {
          errors.add(p, "is required (" + kind.word + ")", null);
        }
        return null;
      }
      return check(n, p, kind);
    }

    private JsonNode item(JsonNode array, int i, String p, Kind kind) {
      return check(array.get(i), p, kind);
    }

    private JsonNode check(JsonNode n, String p, Kind kind) {
      if (!kind.accepts(n)) {
        errors.add(p, "must be " + kind.word, kind(n));
        return null;
      }
      if (kind != Kind.OBJECT && kind != Kind.ARRAY) {
        used.add("$." + p);
      }
      return n;
    }
  }

  /** How a wrong value is shown: a number or boolean as itself, a string quoted, else its kind. */
  private static Object kind(JsonNode n) {
    if (n == null || n.isNull()) {
      return "null";
    }
    if (n.isNumber()) {
      return n.numberValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return n.isTextual() ? n.asText() : new Shown(n.isObject() ? "an object" : "an array");
  }

  /** A value shown unquoted in an error. */
  private record Shown(String text) {
    @Override
    public String toString() {
      return text;
    }
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
