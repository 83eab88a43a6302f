package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.data.DataRoots;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.JobSpecParser;
import dev.vernier.tuner.sagemaker.BuiltInHyperparameters;
import dev.vernier.tuner.sagemaker.SageMakerTranslator;
import dev.vernier.worker.algorithm.Algorithms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SageMaker's documented hyperparameters for linear-learner and k-means, against the real catalog:
 * every one is taken, renamed, checked or ignored with a reason, and the translated job is one the
 * tuner accepts.
 */
class SageMakerBuiltInHyperparametersTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** How ignoredFields name a static hyperparameter (JSON paths). */
  static final String STATICS = "$.TrainingJobDefinition.StaticHyperParameters.";

  /** How errors name it: as SageMaker writes the field, without "$.". */
  static final String STATIC_FIELD = "TrainingJobDefinition.StaticHyperParameters.";

  static final Map<String, String> LINEAR_LEARNER =
      Map.ofEntries(
          Map.entry("predictor_type", "binary_classifier"),
          Map.entry("num_classes", "3"),
          Map.entry("feature_dim", "auto"),
          Map.entry("loss", "logistic"),
          Map.entry("mini_batch_size", "200"),
          Map.entry("wd", "auto"),
          Map.entry("l1", "0.001"),
          Map.entry("epochs", "3"),
          Map.entry("optimizer", "auto"),
          Map.entry("learning_rate", "auto"),
          Map.entry("normalize_data", "true"),
          Map.entry("accuracy_top_k", "3"),
          Map.entry("balance_multiclass_weights", "false"),
          Map.entry("beta_1", "auto"),
          Map.entry("beta_2", "0.999"),
          Map.entry("bias_lr_mult", "auto"),
          Map.entry("bias_wd_mult", "auto"),
          Map.entry("binary_classifier_model_selection_criteria", "accuracy"),
          Map.entry("early_stopping_patience", "3"),
          Map.entry("early_stopping_tolerance", "0.001"),
          Map.entry("f_beta", "1.0"),
          Map.entry("huber_delta", "1.0"),
          Map.entry("init_bias", "0"),
          Map.entry("init_method", "uniform"),
          Map.entry("init_scale", "0.07"),
          Map.entry("init_sigma", "0.01"),
          Map.entry("loss_insensitivity", "0.01"),
          Map.entry("lr_scheduler_factor", "auto"),
          Map.entry("lr_scheduler_minimum_lr", "auto"),
          Map.entry("lr_scheduler_step", "auto"),
          Map.entry("margin", "1.0"),
          Map.entry("momentum", "auto"),
          Map.entry("normalize_label", "auto"),
          Map.entry("num_calibration_samples", "10000000"),
          Map.entry("num_models", "auto"),
          Map.entry("num_point_for_scaler", "10000"),
          Map.entry("positive_example_weight_mult", "1.0"),
          Map.entry("quantile", "0.5"),
          Map.entry("target_precision", "0.8"),
          Map.entry("target_recall", "0.8"),
          Map.entry("unbias_data", "auto"),
          Map.entry("unbias_label", "auto"),
          Map.entry("use_bias", "true"),
          Map.entry("use_lr_scheduler", "true"),
          Map.entry("_kvstore", "auto"),
          Map.entry("_num_gpus", "auto"));

  static final Map<String, String> KMEANS =
      Map.ofEntries(
          Map.entry("k", "3"),
          Map.entry("feature_dim", "4"),
          Map.entry("mini_batch_size", "5000"),
          Map.entry("init_method", "random"),
          Map.entry("extra_center_factor", "auto"),
          Map.entry("epochs", "7"),
          Map.entry("eval_metrics", "[\"msd\"]"),
          Map.entry("half_life_time_size", "0"),
          Map.entry("local_lloyd_init_method", "kmeans++"),
          Map.entry("local_lloyd_max_iter", "300"),
          Map.entry("local_lloyd_num_trials", "auto"),
          Map.entry("local_lloyd_tol", "0.001"));

  @TempDir Path root;
  SageMakerTranslator translator;
  JobSpecParser parser;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(root.resolve("bucket"));
    Files.writeString(root.resolve("bucket/train.csv"), "0,1,2,3,4\n1,2,3,4,5\n");
    translator = new SageMakerTranslator(Algorithms.catalog(), Set.of());
    parser =
        new JobSpecParser(
            Algorithms.catalog(),
            Set.of(),
            List.of("random", "bayesian"),
            new DataRoots(List.of(root)));
  }

  static ObjectNode request(String image, Map<String, String> statics, String ranges)
      throws Exception {
    ObjectNode req =
        (ObjectNode)
            JSON.readTree(
                """
                {"HyperParameterTuningJobName": "sm",
                 "HyperParameterTuningJobConfig": {
                   "Strategy": "Random",
                   "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "METRIC"},
                   "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1},
                   "ParameterRanges": RANGES},
                 "TrainingJobDefinition": {
                   "AlgorithmSpecification": {"TrainingImage": "1.dkr.ecr.us-east-1.amazonaws.com/IMAGE:1", "TrainingInputMode": "File"},
                   "InputDataConfig": [{"ChannelName": "train", "ContentType": "text/csv", "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/train.csv", "S3DataType": "S3Prefix"}}}]}}
                """
                    .replace("IMAGE", image)
                    .replace(
                        "METRIC",
                        image.equals("kmeans") ? "validation:msd" : "validation:objective_loss")
                    .replace("RANGES", ranges));
    ObjectNode s =
        ((ObjectNode) req.get("TrainingJobDefinition")).putObject("StaticHyperParameters");
    statics.forEach(s::put);
    return req;
  }

  static Map<String, String> without(Map<String, String> m, String key) {
    Map<String, String> out = new java.util.LinkedHashMap<>(m);
    out.remove(key);
    return out;
  }

  static String ignoredEntry(List<String> ignored, String name) {
    return ignored.stream()
        .filter(f -> f.startsWith(STATICS + name + ":"))
        .findFirst()
        .orElse(null);
  }

  @Test
  void everyDocumentedLinearLearnerHyperparameterIsAcceptedOrIgnoredWithAReason() throws Exception {
    SageMakerTranslator.Translation t =
        translator.translate(
            request(
                "linear-learner",
                LINEAR_LEARNER,
                """
                {"ContinuousParameterRanges": [{"Name": "learning_rate", "MinValue": "0.001", "MaxValue": "0.1", "ScalingType": "Logarithmic"}],
                 "CategoricalParameterRanges": [{"Name": "optimizer", "Values": ["auto", "sgd", "adam"]},
                                                {"Name": "use_bias", "Values": ["true"]}]}
                """));
    JsonNode statics = t.job().get("staticHyperparameters");
    assertEquals("binary_classifier", statics.path("predictor_type").asText());
    assertEquals("logistic", statics.path("loss").asText());
    assertEquals("200", statics.path("mini_batch_size").asText(), "strings are parsed: " + statics);
    assertEquals("0.001", statics.path("l1").asText());
    assertEquals("3", statics.path("epochs").asText());
    assertFalse(statics.has("wd"), "auto leaves Vernier's default: " + statics);
    assertFalse(statics.has("feature_dim"), statics.toString());
    assertFalse(statics.has("num_point_for_scaler"), statics.toString());
    // the range's auto is Vernier's default, adam, once
    assertEquals("[\"adam\",\"sgd\"]", t.job().at("/parameterRanges/optimizer/values").toString());
    assertFalse(t.job().path("parameterRanges").has("use_bias"));

    for (BuiltInHyperparameters.Rule r : BuiltInHyperparameters.table("linear-learner")) {
      String entry = ignoredEntry(t.ignored(), r.name());
      switch (r.kind()) {
        case IGNORED, IGNORED_UNLESS_CHANGED -> {
          assertTrue(entry != null, r.name() + " is listed with its reason: " + t.ignored());
          assertTrue(entry.endsWith(r.reason()), entry);
        }
        default -> {
          boolean auto = LINEAR_LEARNER.get(r.name()).equals("auto");
          assertEquals(
              auto && !r.name().equals("feature_dim"), entry != null, r.name() + ": " + entry);
        }
      }
    }
    assertTrue(
        t.ignored().contains(STATICS + "wd: auto is Vernier's default here, 0.0"),
        t.ignored().toString());
    assertTrue(ignoredEntry(t.ignored(), "_kvstore") != null, t.ignored().toString());
    assertTrue(
        t.ignored().stream().anyMatch(f -> f.contains("CategoricalParameterRanges[1]: ")),
        "a dropped range says why: " + t.ignored());
    assertFalse(t.ignored().stream().anyMatch(f -> f.endsWith(".loss")), t.ignored().toString());

    JobSpec spec = parser.parse(t.job());
    assertEquals("linear-learner", spec.algorithm());
    assertEquals("logistic", spec.staticHyperparameters().get("loss"));
  }

  @Test
  void everyDocumentedKMeansHyperparameterIsAcceptedRenamedOrIgnored() throws Exception {
    SageMakerTranslator.Translation t =
        translator.translate(
            request(
                "kmeans",
                without(KMEANS, "local_lloyd_tol"),
                """
                {"ContinuousParameterRanges": [{"Name": "local_lloyd_tol", "MinValue": "0.0001", "MaxValue": "0.01"}],
                 "IntegerParameterRanges": [{"Name": "extra_center_factor", "MinValue": "1", "MaxValue": "10"}]}
                """));
    JsonNode statics = t.job().get("staticHyperparameters");
    assertEquals("3", statics.path("k").asText());
    assertEquals("4", statics.path("feature_dim").asText(), "checked when a trial runs");
    assertEquals("7", statics.path("max_iterations").asText(), "epochs is renamed");
    assertEquals("random", statics.path("init_method").asText());
    assertFalse(statics.has("epochs"), statics.toString());
    for (String name :
        List.of(
            "mini_batch_size",
            "extra_center_factor",
            "eval_metrics",
            "half_life_time_size",
            "local_lloyd_init_method",
            "local_lloyd_max_iter",
            "local_lloyd_num_trials")) {
      String entry = ignoredEntry(t.ignored(), name);
      assertTrue(entry != null, name + ": " + t.ignored());
      assertTrue(name.equals("eval_metrics") || entry.contains("Lloyd"), entry);
    }
    assertTrue(
        t.ignored().stream()
            .anyMatch(f -> f.contains("IntegerParameterRanges[0]: ") && f.contains("dropped")),
        t.ignored().toString());
    assertEquals(
        "continuous",
        t.job().at("/parameterRanges/tol/type").asText(),
        "local_lloyd_tol is renamed: " + t.job());
    assertEquals(1, t.job().path("parameterRanges").size());
    JobSpec spec = parser.parse(t.job());
    assertEquals("7", spec.staticHyperparameters().get("max_iterations"));
  }

  @Test
  void aHyperparameterWhoseIgnoringWouldChangeTheModelIsAnErrorNamingIt() throws Exception {
    Map<String, String> cases =
        Map.of(
            "loss", "hinge_loss",
            "optimizer", "rmsprop",
            "use_bias", "false",
            "positive_example_weight_mult", "balanced",
            "binary_classifier_model_selection_criteria", "precision_at_target_recall",
            "momentum", "0.9");
    for (var c : cases.entrySet()) {
      var e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  translator.translate(
                      request(
                          "linear-learner",
                          Map.of("predictor_type", "binary_classifier", c.getKey(), c.getValue()),
                          "{\"ContinuousParameterRanges\": [{\"Name\": \"wd\", \"MinValue\":"
                              + " \"0\", \"MaxValue\": \"0.1\"}]}")),
              c.getKey());
      assertEquals(STATIC_FIELD + c.getKey(), e.field());
      assertTrue(e.getMessage().contains("would train another model"), e.getMessage());
    }
    var e =
        assertThrows(
            InvalidInputException.class,
            () ->
                translator.translate(
                    request(
                        "linear-learner",
                        Map.of("predictor_type", "binary_classifier", "loss", "hinge_loss"),
                        "{}")));
    assertTrue(
        e.getMessage()
            .contains(
                "'hinge_loss' is not implemented here (auto, logistic, softmax_loss, squared_loss"
                    + " are); ignoring it would train another model"),
        e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () ->
                translator.translate(
                    request(
                        "linear-learner",
                        Map.of("predictor_type", "regressor", "loss", "logistic"),
                        "{}")));
    assertEquals(STATIC_FIELD + "loss", e.field());
    assertTrue(e.getMessage().contains("trains with squared_loss"), e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () ->
                translator.translate(
                    request(
                        "linear-learner",
                        Map.of("predictor_type", "binary_classifier"),
                        "{\"CategoricalParameterRanges\": [{\"Name\": \"use_bias\", \"Values\":"
                            + " [\"true\", \"false\"]}]}")));
    assertEquals(
        "HyperParameterTuningJobConfig.ParameterRanges.CategoricalParameterRanges[0]", e.field());
  }

  @Test
  void stringValuesAreParsedAndErrorsNameTheSageMakerField() throws Exception {
    for (var c :
        Map.of(
                "mini_batch_size", "lots",
                "learning_rate", "0.01x",
                "epochs", "0",
                "normalize_data", "yes")
            .entrySet()) {
      var e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  translator.translate(
                      request(
                          "linear-learner",
                          Map.of("predictor_type", "regressor", c.getKey(), c.getValue()),
                          "{}")),
              c.getKey());
      assertEquals(STATIC_FIELD + c.getKey(), e.field(), e.getMessage());
    }
    var e =
        assertThrows(
            InvalidInputException.class,
            () ->
                translator.translate(
                    request("kmeans", Map.of("k", "3", "num_clusters", "3"), "{}")));
    assertEquals(STATIC_FIELD + "num_clusters", e.field());
    assertTrue(e.getMessage().contains("[k, feature_dim"), e.getMessage());
  }

  @Test
  void theTablesCoverOnlyNamesTheCatalogHasOrIgnores() {
    for (String alg : List.of("linear-learner", "kmeans")) {
      AlgorithmSpec spec = Algorithms.catalog().find(alg).orElseThrow();
      for (BuiltInHyperparameters.Rule r : BuiltInHyperparameters.table(alg)) {
        if (r.target() != null) {
          assertTrue(spec.hyperparameter(r.target()).isPresent(), alg + " " + r);
        }
        assertFalse(r.describe().isBlank(), r.toString());
      }
    }
  }

  static ObjectNode testChannel(ObjectNode req) throws Exception {
    ((com.fasterxml.jackson.databind.node.ArrayNode)
            req.get("TrainingJobDefinition").get("InputDataConfig"))
        .add(
            JSON.readTree(
                """
                {"ChannelName": "test", "ContentType": "text/csv", "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/train.csv", "S3DataType": "S3Prefix"}}}
                """));
    return req;
  }

  /**
   * k-means as SageMaker's examples write it: a test channel scored by test:msd. Vernier scores its
   * validation channel each epoch, so the test channel is it when there is no validation channel.
   */
  @Test
  void kMeansTestChannelAndMetricAreTheValidationOnes() throws Exception {
    ObjectNode req = testChannel(request("kmeans", Map.of("k", "2", "feature_dim", "4"), "{}"));
    ((ObjectNode) req.at("/HyperParameterTuningJobConfig/HyperParameterTuningJobObjective"))
        .put("MetricName", "test:msd");
    ((ObjectNode) req.at("/HyperParameterTuningJobConfig/ParameterRanges"))
        .set(
            "IntegerParameterRanges",
            JSON.readTree("[{\"Name\": \"k\", \"MinValue\": \"2\", \"MaxValue\": \"3\"}]"));
    ((ObjectNode) req.at("/TrainingJobDefinition/StaticHyperParameters")).remove("k");
    SageMakerTranslator.Translation t = translator.translate(req);
    assertEquals("validation:msd", t.job().at("/objective/metric").asText());
    assertEquals("bucket/train.csv", t.job().at("/channels/validation/path").asText());
    JobSpec spec = parser.parse(t.job());
    assertEquals("validation:msd", spec.objective().metric());
    assertTrue(spec.channels().containsKey("validation"));
  }

  /** Beside a validation channel, a test channel is set aside with the reason. */
  @Test
  void aTestChannelBesideValidationIsIgnoredWithItsReason() throws Exception {
    ObjectNode req =
        request(
            "linear-learner",
            Map.of("predictor_type", "regressor"),
            "{\"ContinuousParameterRanges\": [{\"Name\": \"l1\", \"MinValue\": \"0\", \"MaxValue\": \"0.1\"}]}");
    testChannel(req);
    testChannel(req);
    ((ObjectNode) req.at("/TrainingJobDefinition/InputDataConfig/1"))
        .put("ChannelName", "validation");
    SageMakerTranslator.Translation t = translator.translate(req);
    assertTrue(
        t.ignored()
            .contains(
                "$.TrainingJobDefinition.InputDataConfig[2]: Vernier evaluates the validation"
                    + " channel each epoch; a test channel beside it is not read"),
        t.ignored().toString());
    assertEquals(Set.of("train", "validation"), parser.parse(t.job()).channels().keySet());
  }

  /**
   * linear-learner's usual SageMaker objectives, binary_classification_accuracy and
   * multiclass_accuracy, are its accuracy here.
   */
  @Test
  void linearLearnersSageMakerAccuracyMetricsAreItsAccuracy() throws Exception {
    for (String metric :
        List.of("validation:binary_classification_accuracy", "validation:multiclass_accuracy")) {
      ObjectNode req =
          request(
              "linear-learner",
              Map.of("predictor_type", "binary_classifier"),
              "{\"ContinuousParameterRanges\": [{\"Name\": \"l1\", \"MinValue\": \"0\", \"MaxValue\": \"0.1\"}]}");
      ObjectNode o =
          (ObjectNode) req.at("/HyperParameterTuningJobConfig/HyperParameterTuningJobObjective");
      o.put("MetricName", metric).put("Type", "Maximize");
      testChannel(req);
      JobSpec spec = parser.parse(translator.translate(req).job());
      assertEquals("validation:accuracy", spec.objective().metric(), metric);
    }
  }
}
