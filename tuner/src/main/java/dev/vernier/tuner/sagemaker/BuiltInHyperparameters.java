package dev.vernier.tuner.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.space.CategoricalRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each hyperparameter that SageMaker documents for a built-in algorithm does here, and the
 * translation of {@code StaticHyperParameters} and {@code ParameterRanges} that follows from it.
 *
 * <p>Each SageMaker name is one {@link Rule}: the same hyperparameter here, renamed to ours,
 * checked against the data when a trial runs ({@code feature_dim}), ignored with the reason (listed
 * in the answer's {@code ignoredFields}), or ignored only for values that leave the model as it is,
 * any other value being refused with an error that says why. SageMaker writes every value as a
 * string ({@code "0.01"}, {@code "true"}, {@code "auto"}); values are parsed here against the
 * catalog so that an error names the SageMaker field. {@code auto} means Vernier's default unless
 * the catalog takes {@code auto} itself.
 *
 * <p>Algorithms without a table (a built-in SageMaker does not have) take their catalog names only.
 * Stateless; one instance per translation.
 */
public final class BuiltInHyperparameters {
  private static final String STATICS = "$.TrainingJobDefinition.StaticHyperParameters";
  private static final String RANGES = "$.HyperParameterTuningJobConfig.ParameterRanges";
  private static final String MATERIAL = "ignoring it would train another model";

  /** What Vernier does with one SageMaker hyperparameter. */
  public enum Kind {
    /** Same name, same meaning. */
    SAME,
    /** Same meaning under Vernier's name {@link Rule#target}. */
    RENAMED,
    /** Taken, and checked against the training data when a trial runs. */
    CHECKED,
    /** Not implemented; it does not change the model materially, so it is ignored. */
    IGNORED,
    /** Not implemented; ignored for the values in {@link Rule#harmless}, refused for others. */
    IGNORED_UNLESS_CHANGED
  }

  /**
   * One SageMaker hyperparameter and what it does here.
   *
   * @param name SageMaker's name
   * @param target Vernier's name for {@link Kind#SAME}, {@link Kind#RENAMED} and {@link
   *     Kind#CHECKED}; null otherwise
   * @param harmless for {@link Kind#IGNORED_UNLESS_CHANGED}: the values (as SageMaker writes them)
   *     that describe what Vernier does anyway
   * @param reason why it is ignored, or a note on how it is taken
   */
  public record Rule(String name, Kind kind, String target, Set<String> harmless, String reason) {
    public Rule {
      harmless = Set.copyOf(harmless);
    }

    /** What the name does here, as one line for the documentation and the CLI. */
    public String describe() {
      return switch (kind) {
        case SAME -> "same" + (reason.isEmpty() ? "" : "; " + reason);
        case RENAMED -> "taken as " + target + (reason.isEmpty() ? "" : "; " + reason);
        case CHECKED -> reason;
        case IGNORED -> "ignored: " + reason;
        case IGNORED_UNLESS_CHANGED ->
            "ignored when "
                + String.join(" or ", sorted(harmless))
                + ": "
                + reason
                + "; else error";
      };
    }
  }

  private static Rule same(String name) {
    return new Rule(name, Kind.SAME, name, Set.of(), "");
  }

  private static Rule same(String name, String note) {
    return new Rule(name, Kind.SAME, name, Set.of(), note);
  }

  private static Rule renamed(String name, String target, String note) {
    return new Rule(name, Kind.RENAMED, target, Set.of(), note);
  }

  private static Rule ignored(String name, String reason) {
    return new Rule(name, Kind.IGNORED, null, Set.of(), reason);
  }

  private static Rule unless(String name, Set<String> harmless, String reason) {
    return new Rule(name, Kind.IGNORED_UNLESS_CHANGED, null, harmless, reason);
  }

  private static Rule featureDim() {
    return new Rule(
        "feature_dim",
        Kind.CHECKED,
        "feature_dim",
        Set.of(),
        "auto (0) takes it from the data; a number must equal the data's feature count");
  }

  private static final String CRITERIA =
      "Vernier trains one model per trial and classifies at 0.5; the other criteria move the"
          + " threshold";

  private static final List<Rule> LINEAR_LEARNER =
      List.of(
          same("predictor_type"),
          same("num_classes", "0 (Vernier only) infers it from the labels"),
          featureDim(),
          same("loss", "auto, logistic, softmax_loss and squared_loss; the others are errors"),
          same("mini_batch_size"),
          same("wd", "auto is Vernier's default 0"),
          same("l1", "auto is Vernier's default 0"),
          same("epochs"),
          same("optimizer", "auto is adam; sgd and adam; rmsprop is an error"),
          same("learning_rate", "auto is Vernier's default 0.01"),
          same("normalize_data"),
          ignored("accuracy_top_k", "a metric setting; Vernier reports top-1 validation:accuracy"),
          unless("balance_multiclass_weights", Set.of("false"), "every row weighs the same here"),
          unless("beta_1", Set.of("auto", "0.9"), "Adam's beta_1 is 0.9 here"),
          unless("beta_2", Set.of("auto", "0.999"), "Adam's beta_2 is 0.999 here"),
          unless("bias_lr_mult", Set.of("auto", "1"), "the bias learns at learning_rate here"),
          unless("bias_wd_mult", Set.of("auto", "0"), "the bias is not penalised here"),
          unless(
              "binary_classifier_model_selection_criteria",
              Set.of("accuracy", "cross_entropy_loss", "loss_function"),
              CRITERIA),
          ignored(
              "early_stopping_patience",
              "a trial runs every epoch unless the job's early stopping stops it"),
          ignored(
              "early_stopping_tolerance",
              "a trial runs every epoch unless the job's early stopping stops it"),
          ignored("f_beta", "a metric setting for a selection criterion not implemented here"),
          ignored("huber_delta", "applies only to loss huber_loss, not implemented here"),
          ignored("init_bias", "weights start at zero; the loss is convex"),
          ignored("init_method", "weights start at zero; the loss is convex"),
          ignored("init_scale", "weights start at zero; the loss is convex"),
          ignored("init_sigma", "weights start at zero; the loss is convex"),
          ignored(
              "loss_insensitivity",
              "applies only to the eps_insensitive losses, not implemented here"),
          ignored("lr_scheduler_factor", "the learning rate is constant here"),
          ignored("lr_scheduler_minimum_lr", "the learning rate is constant here"),
          ignored("lr_scheduler_step", "the learning rate is constant here"),
          ignored("margin", "applies only to loss hinge_loss, not implemented here"),
          unless("momentum", Set.of("auto", "0"), "sgd has no momentum here"),
          unless("normalize_label", Set.of("auto", "false"), "labels are used as given here"),
          ignored("num_calibration_samples", CRITERIA),
          ignored(
              "num_models",
              "SageMaker itself sets it to 1 under automatic model tuning; one model per trial"),
          ignored(
              "num_point_for_scaler", "normalize_data uses every training row here, not a sample"),
          unless(
              "positive_example_weight_mult", Set.of("1", "1.0"), "every row weighs the same here"),
          ignored("quantile", "applies only to loss quantile_loss, not implemented here"),
          ignored("target_precision", CRITERIA),
          ignored("target_recall", CRITERIA),
          ignored("unbias_data", "normalize_data centres the features; the bias absorbs a shift"),
          ignored("unbias_label", "the bias absorbs a shift of the label"),
          unless("use_bias", Set.of("auto", "true"), "the model always has a bias here"),
          ignored("use_lr_scheduler", "the learning rate is constant here"));

  private static final String LLOYD =
      "Vernier runs Lloyd iterations over all rows from the init_method seeding; SageMaker's"
          + " streaming pass and final local Lloyd stage do not exist here";

  private static final List<Rule> KMEANS =
      List.of(
          same("k"),
          featureDim(),
          same("init_method", "SageMaker's default is random, Vernier's kmeans++"),
          renamed(
              "epochs",
              "max_iterations",
              "each Lloyd iteration is one pass over the data; absent, Vernier runs up to 100"),
          renamed("local_lloyd_tol", "tol", ""),
          ignored("eval_metrics", "Vernier reports train:msd and validation:msd"),
          ignored("extra_center_factor", LLOYD),
          ignored("half_life_time_size", LLOYD),
          ignored("local_lloyd_init_method", LLOYD),
          ignored("local_lloyd_max_iter", LLOYD + "; epochs bounds the iterations"),
          ignored("local_lloyd_num_trials", LLOYD),
          ignored("mini_batch_size", LLOYD));

  private static final Map<String, List<Rule>> TABLES =
      Map.of("linear-learner", LINEAR_LEARNER, "kmeans", KMEANS);

  /** The table for a built-in, empty for one SageMaker does not have. */
  public static List<Rule> table(String algorithm) {
    return TABLES.getOrDefault(algorithm, List.of());
  }

  private final AlgorithmSpec spec;
  private final Map<String, Rule> rules = new LinkedHashMap<>();

  public BuiltInHyperparameters(AlgorithmSpec spec) {
    this.spec = spec;
    table(spec.name()).forEach(r -> rules.put(r.name(), r));
  }

  /**
   * Rewrites the translated job's {@code staticHyperparameters} and {@code parameterRanges} (still
   * under SageMaker's names) into Vernier's, marks what it consumed in {@code used} and adds each
   * ignored field with its reason to {@code ignored} as {@code "<path>: <reason>"}.
   *
   * @throws InvalidInputException naming the SageMaker field when a value does not parse, is out of
   *     range, or is one ignoring would change the model for
   */
  public void apply(JsonNode req, ObjectNode job, Set<String> used, List<String> ignored) {
    JsonNode statics = req.path("TrainingJobDefinition").path("StaticHyperParameters");
    if (statics.isObject()) {
      job.set("staticHyperparameters", statics(statics, used, ignored));
    }
    JsonNode ranges = job.get("parameterRanges");
    if (ranges != null && ranges.isObject()) {
      job.set(
          "parameterRanges",
          ranges(
              (ObjectNode) ranges,
              req.path("HyperParameterTuningJobConfig").path("ParameterRanges"),
              ignored));
    }
  }

  private ObjectNode statics(JsonNode statics, Set<String> used, List<String> ignored) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Map<String, String> given = new LinkedHashMap<>();
    for (var it = statics.fields(); it.hasNext(); ) {
      var e = it.next();
      String name = e.getKey();
      String path = STATICS + "." + name;
      used.add(path);
      if (name.startsWith("_") || name.startsWith("sagemaker_")) {
        ignored.add(path + ": SageMaker's own setting for its containers; nothing to do here");
        continue;
      }
      if (e.getValue().isContainerNode() || e.getValue().isNull()) {
        throw new InvalidInputException(path, "must be a string, as SageMaker writes it", null);
      }
      String text = e.getValue().asText().trim();
      Rule rule = rule(name, path);
      switch (rule.kind()) {
        case IGNORED -> ignored.add(path + ": " + rule.reason());
        case IGNORED_UNLESS_CHANGED -> {
          if (!harmless(rule, text)) {
            throw new InvalidInputException(
                path,
                "is not implemented here and ignoring it would train another model ("
                    + rule.reason()
                    + "); leave it out or set "
                    + String.join(" or ", sorted(rule.harmless())),
                text);
          }
          ignored.add(path + ": " + rule.reason());
        }
        default -> {
          HyperparameterSpec h = ours(rule, path);
          if (out.has(rule.target())) {
            throw new InvalidInputException(
                path, "gives " + rule.target() + " a second time (it is taken as that)", text);
          }
          String v = value(rule, h, path, text, ignored);
          if (v != null) {
            out.put(rule.target(), v);
            given.put(rule.target(), v);
          }
        }
      }
    }
    crossCheck(given);
    return out;
  }

  /** A loss that is not the predictor_type's own fails every trial; say so now. */
  private void crossCheck(Map<String, String> given) {
    String type = given.get("predictor_type");
    String loss = given.get("loss");
    if (!spec.name().equals("linear-learner") || type == null || loss == null) {
      return;
    }
    String own =
        switch (type) {
          case "binary_classifier" -> "logistic";
          case "multiclass_classifier" -> "softmax_loss";
          default -> "squared_loss";
        };
    if (!loss.equals("auto") && !loss.equals(own)) {
      throw new InvalidInputException(
          STATICS + ".loss", "predictor_type " + type + " trains with " + own + " (or auto)", loss);
    }
  }

  /** Parses one value as the catalog says; null when it is auto and Vernier's default applies. */
  private String value(
      Rule rule, HyperparameterSpec h, String path, String text, List<String> ignored) {
    try {
      return String.valueOf(h.range().parse(h.name(), text));
    } catch (InvalidInputException e) {
      if (text.equalsIgnoreCase("auto") && !h.required()) {
        if (rule.kind() != Kind.CHECKED) {
          ignored.add(path + ": auto is Vernier's default here, " + h.defaultValue());
        }
        return null;
      }
      if (h.range() instanceof CategoricalRange c) {
        throw new InvalidInputException(
            path,
            "'"
                + text
                + "' is not implemented here ("
                + String.join(", ", implemented(c, h))
                + " are); "
                + MATERIAL,
            text);
      }
      throw e.at(path);
    }
  }

  private static List<String> implemented(CategoricalRange c, HyperparameterSpec h) {
    List<String> out = new ArrayList<>();
    if (!c.values().contains("auto") && !h.required()) {
      out.add("auto");
    }
    out.addAll(c.values());
    return out;
  }

  private ObjectNode ranges(ObjectNode ranges, JsonNode sageMaker, List<String> ignored) {
    Map<String, String> paths = new LinkedHashMap<>();
    for (String kind :
        List.of(
            "ContinuousParameterRanges", "IntegerParameterRanges", "CategoricalParameterRanges")) {
      JsonNode list = sageMaker.path(kind);
      for (int i = 0; i < list.size(); i++) {
        paths.putIfAbsent(list.get(i).path("Name").asText(), RANGES + "." + kind + "[" + i + "]");
      }
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (var it = ranges.fields(); it.hasNext(); ) {
      var e = it.next();
      String path = paths.getOrDefault(e.getKey(), RANGES);
      Rule rule = rule(e.getKey(), path);
      ObjectNode range = (ObjectNode) e.getValue();
      switch (rule.kind()) {
        case IGNORED -> ignored.add(path + ": " + rule.reason() + "; the range is dropped");
        case IGNORED_UNLESS_CHANGED -> {
          JsonNode values = range.path("values");
          boolean all = values.isArray() && values.size() > 0;
          for (JsonNode v : values) {
            all &= harmless(rule, v.asText());
          }
          if (!all) {
            throw new InvalidInputException(
                path,
                "cannot be tuned here: it is not implemented ("
                    + rule.reason()
                    + ") and other values than "
                    + String.join(" or ", sorted(rule.harmless()))
                    + " would train another model",
                e.getKey());
          }
          ignored.add(path + ": " + rule.reason() + "; the range is dropped");
        }
        case CHECKED ->
            throw new InvalidInputException(
                path, "cannot be tuned: it must equal the data's feature count", e.getKey());
        default -> {
          HyperparameterSpec h = ours(rule, path);
          if (range.path("values").isArray()) {
            range.set("values", categories(rule, h, path + ".Values", range.path("values")));
          }
          out.set(rule.target(), range);
        }
      }
    }
    return out;
  }

  /** Categorical values parsed one by one; auto becomes Vernier's default. */
  private ArrayNode categories(Rule rule, HyperparameterSpec h, String path, JsonNode values) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode v : values) {
      String text = v.asText().trim();
      String parsed = value(rule, h, path, text, new ArrayList<>());
      out.add(parsed == null ? String.valueOf(h.defaultValue()) : parsed);
    }
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    out.forEach(a::add);
    return a;
  }

  private Rule rule(String name, String path) {
    Rule r = rules.get(name);
    if (r != null) {
      return r;
    }
    if (spec.hyperparameter(name).isPresent()) {
      return same(name); // a Vernier name SageMaker does not have, e.g. kmeans' tol
    }
    List<String> names = new ArrayList<>(rules.keySet());
    spec.hyperparameters().stream()
        .map(HyperparameterSpec::name)
        .filter(n -> !rules.containsKey(n))
        .forEach(names::add);
    throw new InvalidInputException(
        path,
        "is not a hyperparameter of "
            + spec.name()
            + (rules.isEmpty() ? "" : " in SageMaker or here")
            + "; it takes "
            + names,
        name);
  }

  private HyperparameterSpec ours(Rule rule, String path) {
    return spec.hyperparameter(rule.target())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    path,
                    "maps to " + rule.target() + ", which this server's " + spec.name() + " lacks",
                    rule.name()));
  }

  private static boolean harmless(Rule rule, String text) {
    for (String h : rule.harmless()) {
      if (h.equalsIgnoreCase(text)) {
        return true;
      }
      try {
        if (Double.parseDouble(h) == Double.parseDouble(text)) {
          return true;
        }
      } catch (NumberFormatException e) {
        // not both numbers
      }
    }
    return false;
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
