package dev.vernier.tuner.sagemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.platform.error.AlreadyExistsException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Wrong types are errors naming the field as SageMaker writes it, all of a request's at once. */
class SageMakerTranslatorTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static final AlgorithmCatalog CATALOG =
      new AlgorithmCatalog() {
        @Override
        public Optional<AlgorithmSpec> find(String name) {
          return Optional.empty();
        }

        @Override
        public Collection<String> names() {
          return List.of();
        }
      };

  final SageMakerTranslator translator = new SageMakerTranslator(CATALOG, List.of("my-train"));

  static ObjectNode valid() throws Exception {
    return (ObjectNode)
        JSON.readTree(
            """
            {"HyperParameterTuningJobName": "sm",
             "HyperParameterTuningJobConfig": {
               "Strategy": "Random",
               "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "loss"},
               "ResourceLimits": {"MaxNumberOfTrainingJobs": 4, "MaxParallelTrainingJobs": 2},
               "ParameterRanges": {
                 "ContinuousParameterRanges": [{"Name": "lr", "MinValue": "0.001", "MaxValue": "0.1", "ScalingType": "Logarithmic"}],
                 "CategoricalParameterRanges": [{"Name": "act", "Values": ["relu", "tanh"]}]},
               "TuningJobCompletionCriteria": {"TargetObjectiveMetricValue": 0.1}},
             "TrainingJobDefinition": {
               "AlgorithmSpecification": {"TrainingImage": "x/my-train:1",
                 "MetricDefinitions": [{"Name": "loss", "Regex": "loss=([0-9.]+)"}]},
               "StaticHyperParameters": {"epochs": "2"},
               "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://b/train/", "S3DataType": "S3Prefix"}}}]}}
            """);
  }

  InvalidInputException error(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode req = valid();
    edit.accept(req);
    return assertThrows(InvalidInputException.class, () -> translator.translate(req));
  }

  static ObjectNode at(ObjectNode j, String... path) {
    ObjectNode n = j;
    for (String p : path) {
      n = (ObjectNode) n.get(p);
    }
    return n;
  }

  /** SageMaker's AUTO is Vernier's auto: the median rule with its defaults (EarlyStoppingTest). */
  @Test
  void autoEarlyStoppingTranslatesToTheMedianRulesDefaults() throws Exception {
    ObjectNode req = valid();
    at(req, "HyperParameterTuningJobConfig").put("TrainingJobEarlyStoppingType", "Auto");
    SageMakerTranslator.Translation t = translator.translate(req);
    assertEquals("auto", t.job().path("earlyStopping").asText());
    assertEquals(
        "HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType",
        t.origins().get("$.earlyStopping"));
  }

  @Test
  void aValidRequestTranslates() throws Exception {
    SageMakerTranslator.Translation t = translator.translate(valid());
    assertEquals("my-train", t.job().path("command").asText());
    assertEquals(0.001, t.job().path("parameterRanges").path("lr").path("min").asDouble());
    assertEquals("b/train", t.job().path("channels").path("train").path("path").asText());
  }

  @Test
  void wrongTypesAreErrorsNamingTheField() throws Exception {
    InvalidInputException e =
        error(
            r ->
                at(r, "HyperParameterTuningJobConfig", "ParameterRanges")
                    .put("ContinuousParameterRanges", 7));
    assertEquals(
        "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges", e.field());
    assertTrue(e.getMessage().contains("must be an array, got 7"), e.getMessage());

    e = error(r -> at(r, "HyperParameterTuningJobConfig").put("TuningJobCompletionCriteria", "x"));
    assertEquals("HyperParameterTuningJobConfig.TuningJobCompletionCriteria", e.field());
    assertTrue(e.getMessage().contains("must be an object, got 'x'"), e.getMessage());

    e = error(r -> r.putArray("TrainingJobDefinition"));
    assertEquals("TrainingJobDefinition", e.field());
    assertTrue(e.getMessage().contains("got an array"), e.getMessage());

    e =
        error(
            r ->
                ((ObjectNode)
                        at(r, "HyperParameterTuningJobConfig", "ParameterRanges")
                            .get("ContinuousParameterRanges")
                            .get(0))
                    .put("MinValue", 0.001));
    assertEquals(
        "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0].MinValue",
        e.field());

    e =
        error(
            r ->
                at(r, "HyperParameterTuningJobConfig", "ResourceLimits")
                    .put("MaxNumberOfTrainingJobs", "4"));
    assertEquals("HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs", e.field());
    assertTrue(e.getMessage().contains("must be an integer"), e.getMessage());

    e = error(r -> at(r, "HyperParameterTuningJobConfig").put("RandomSeed", true));
    assertEquals("HyperParameterTuningJobConfig.RandomSeed", e.field());
  }

  @Test
  void manifestChannelsAreRefused() throws Exception {
    for (String type : List.of("ManifestFile", "AugmentedManifestFile")) {
      InvalidInputException e =
          error(
              r ->
                  ((ObjectNode)
                          r.path("TrainingJobDefinition")
                              .path("InputDataConfig")
                              .get(0)
                              .path("DataSource")
                              .path("S3DataSource"))
                      .put("S3DataType", type));
      assertEquals(
          "TrainingJobDefinition.InputDataConfig[0].DataSource.S3DataSource.S3DataType", e.field());
      assertTrue(e.getMessage().contains("manifest files are not read"), e.getMessage());
    }
  }

  /** Two "train" entries: the last one silently replaced the first. */
  @Test
  void aRepeatedChannelNameIsRefusedNamingTheSecond() throws Exception {
    InvalidInputException e =
        error(
            r -> {
              var in =
                  (com.fasterxml.jackson.databind.node.ArrayNode)
                      r.path("TrainingJobDefinition").path("InputDataConfig");
              ObjectNode again = in.get(0).deepCopy();
              ((ObjectNode) again.path("DataSource").path("S3DataSource"))
                  .put("S3Uri", "s3://b/other/");
              in.add(again);
            });
    assertEquals("TrainingJobDefinition.InputDataConfig[1].ChannelName", e.field());
    assertTrue(
        e.getMessage()
            .contains(
                "channel names must be distinct; it repeats"
                    + " TrainingJobDefinition.InputDataConfig[0].ChannelName, got 'train'"),
        e.getMessage());
  }

  /** A NUL byte in an S3Uri was an InvalidPathException, answered 500. */
  @Test
  void anS3UriThatIsNoPathIsRefusedNamingIt() throws Exception {
    InvalidInputException e =
        error(
            r ->
                ((ObjectNode)
                        r.path("TrainingJobDefinition")
                            .path("InputDataConfig")
                            .get(0)
                            .path("DataSource")
                            .path("S3DataSource"))
                    .put("S3Uri", "s3://b/tr\u0000ain/"));
    assertEquals(
        "TrainingJobDefinition.InputDataConfig[0].DataSource.S3DataSource.S3Uri", e.field());
    assertTrue(e.getMessage().contains("is not a valid path"), e.getMessage());
  }

  ObjectNode range(ObjectNode req, String kind) {
    return (ObjectNode)
        at(req, "HyperParameterTuningJobConfig", "ParameterRanges").path(kind).get(0);
  }

  /** Range bounds went through Double.parseDouble: "1d", "0x1p-2" and " 0.3 " were numbers. */
  @Test
  void rangeBoundsArePlainDecimalNumbers() throws Exception {
    String max =
        "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0].MaxValue";
    for (String v :
        List.of("1d", "1f", "0x1p-2", " 0.3 ", "0.3 ", "NaN", "Infinity", "1e", ".", "")) {
      InvalidInputException e =
          error(r -> range(r, "ContinuousParameterRanges").put("MaxValue", v));
      assertEquals(max, e.field(), v);
      assertTrue(
          e.getMessage().contains(v.isBlank() ? "non-empty string" : "decimal number"),
          e.getMessage());
    }
    InvalidInputException huge =
        error(r -> range(r, "ContinuousParameterRanges").put("MaxValue", "1e999"));
    assertTrue(huge.getMessage().contains("must be a finite number"), huge.getMessage());
    for (String v :
        List.of("0.1", "1", "-2.5", "1e-1", "1.5E+2", ".5", "5.", "99999999999999999999")) {
      ObjectNode req = valid();
      range(req, "ContinuousParameterRanges").put("MaxValue", v);
      SageMakerTranslator.Translation t = translator.translate(req);
      assertEquals(
          Double.parseDouble(v),
          t.job().path("parameterRanges").path("lr").path("max").asDouble(),
          v);
    }
    // an integer range's bounds are integers
    for (String v : List.of("1e3", "16.0", "1d")) {
      InvalidInputException e =
          error(
              r ->
                  at(r, "HyperParameterTuningJobConfig", "ParameterRanges")
                      .putArray("IntegerParameterRanges")
                      .addObject()
                      .put("Name", "units")
                      .put("MinValue", "1")
                      .put("MaxValue", v));
      assertEquals(
          "HyperParameterTuningJobConfig.ParameterRanges.IntegerParameterRanges[0].MaxValue",
          e.field());
      assertTrue(e.getMessage().contains("must be a string holding an integer"), e.getMessage());
    }
    ObjectNode req = valid();
    at(req, "HyperParameterTuningJobConfig", "ParameterRanges")
        .putArray("IntegerParameterRanges")
        .addObject()
        .put("Name", "units")
        .put("MinValue", "-3")
        .put("MaxValue", "99999999999999999999");
    SageMakerTranslator.Translation t = translator.translate(req);
    assertEquals(-3, t.job().path("parameterRanges").path("units").path("min").asLong());
    // too large for an integer range: left to the job parser, which names the limit
    assertEquals(
        "99999999999999999999",
        t.job().path("parameterRanges").path("units").path("max").bigIntegerValue().toString());
  }

  @Test
  void everyErrorOfARequestIsReportedAtOnce() throws Exception {
    InvalidInputException e =
        error(
            r -> {
              r.put("HyperParameterTuningJobName", 5);
              at(r, "HyperParameterTuningJobConfig", "ParameterRanges")
                  .put("ContinuousParameterRanges", 7);
              at(r, "HyperParameterTuningJobConfig").put("TuningJobCompletionCriteria", "x");
            });
    assertEquals(
        List.of(
            "HyperParameterTuningJobName",
            "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges",
            "HyperParameterTuningJobConfig.TuningJobCompletionCriteria"),
        e.errors().stream().map(InvalidInputException.Error::field).toList());
    assertEquals(3, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void errorsInTheTranslatedJobAreRenamedToTheRequestsFields() throws Exception {
    SageMakerTranslator.Translation t = translator.translate(valid());
    InvalidInputException e =
        t.inRequestTerms(
            new InvalidInputException(
                List.of(
                    new InvalidInputException.Error(
                        "$.limits.maxTrials", "must be between 1 and 10000", 0),
                    new InvalidInputException.Error(
                        "$.parameterRanges.lr.min", "Logarithmic scaling needs min > 0", 0.0),
                    new InvalidInputException.Error(
                        "$.channels.train.path", "no such file under the data roots", "b/train"),
                    new InvalidInputException.Error("$.unmapped", "rule", null))));
    assertEquals(
        List.of(
            "HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs",
            "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0].MinValue",
            "TrainingJobDefinition.InputDataConfig[0].DataSource.S3DataSource.S3Uri",
            "$.unmapped"),
        e.errors().stream().map(InvalidInputException.Error::field).toList());
    // renamed, the values read as they did: numbers bare, text quoted
    assertEquals(
        List.of(
            "HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs: must be between 1"
                + " and 10000, got 0",
            "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0].MinValue:"
                + " Logarithmic scaling needs min > 0, got 0.0",
            "TrainingJobDefinition.InputDataConfig[0].DataSource.S3DataSource.S3Uri: no such file"
                + " under the data roots, got 'b/train'",
            "$.unmapped: rule"),
        e.errors().stream().map(InvalidInputException.Error::message).toList());
  }

  @Test
  void aTakenNameStaysAConflictNamedInTheRequestsTerms() throws Exception {
    SageMakerTranslator.Translation t = translator.translate(valid());
    InvalidInputException e = t.inRequestTerms(new AlreadyExistsException("$.name", "sm-1"));
    assertEquals(AlreadyExistsException.class, e.getClass(), "still a 409");
    assertEquals("HyperParameterTuningJobName", e.field());
    assertEquals("sm-1", e.errors().get(0).value());
  }

  static ObjectNode channel(ObjectNode req) {
    return (ObjectNode) at(req, "TrainingJobDefinition").get("InputDataConfig").get(0);
  }

  /**
   * SageMaker's k-means reads unlabelled CSV as {@code text/csv;label_size=0}; Vernier's CSV has
   * its label first, so that parameter is refused rather than dropped (it trained on the first
   * feature as the label). The default label_size=1 and charset=utf-8 are read.
   */
  @Test
  void contentTypeParametersAreReadOrRefusedNeverDropped() throws Exception {
    for (String ok : List.of("text/csv", "text/csv;label_size=1", "text/csv; charset=UTF-8")) {
      ObjectNode req = valid();
      channel(req).put("ContentType", ok);
      assertEquals(
          "csv", translator.translate(req).job().at("/channels/train/format").asText(), ok);
    }
    String field = "TrainingJobDefinition.InputDataConfig[0].ContentType";
    InvalidInputException e = error(r -> channel(r).put("ContentType", "text/csv;label_size=0"));
    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains("label_size=0 is not read"), e.getMessage());
    e = error(r -> channel(r).put("ContentType", "text/csv;header=present"));
    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains("the parameter header is not read"), e.getMessage());
    e = error(r -> channel(r).put("ContentType", "application/x-recordio-protobuf"));
    assertEquals(field, e.field());
  }

  /** An image named by digest is the algorithm of its name, as one named by tag. */
  @Test
  void anImageByDigestNamesItsAlgorithm() throws Exception {
    ObjectNode req = valid();
    at(req, "TrainingJobDefinition", "AlgorithmSpecification")
        .put("TrainingImage", "123.dkr.ecr.us-east-1.amazonaws.com/my-train@sha256:abcd0123");
    assertEquals("my-train", translator.translate(req).job().path("command").asText());
  }

  /** A command's test channel is its own: it is not renamed, and the job parser names it. */
  @Test
  void aCommandsTestChannelIsNotRenamed() throws Exception {
    ObjectNode req = valid();
    channel(req).put("ChannelName", "test");
    SageMakerTranslator.Translation t = translator.translate(req);
    assertTrue(t.job().path("channels").has("test"), t.job().toString());
    assertEquals("loss", t.job().at("/objective/metric").asText());
  }

  static ObjectNode hyperband(ObjectNode req, String config) throws Exception {
    ObjectNode c = at(req, "HyperParameterTuningJobConfig");
    c.put("Strategy", "Hyperband");
    c.set("StrategyConfig", JSON.readTree("{\"HyperbandStrategyConfig\": " + config + "}"));
    return req;
  }

  /**
   * Hyperband's MaxResource is the trials' epochs: it must agree with a static epochs, becomes it
   * when there is none; MinResource must be Vernier's first rung, 1.
   */
  @Test
  void hyperbandResourcesAreTheTrialsEpochs() throws Exception {
    SageMakerTranslator.Translation t =
        translator.translate(hyperband(valid(), "{\"MinResource\": 1, \"MaxResource\": 2}"));
    assertEquals("2", t.job().at("/staticHyperparameters/epochs").asText());
    assertTrue(t.ignored().stream().noneMatch(f -> f.contains("Resource")), t.ignored().toString());

    ObjectNode none = hyperband(valid(), "{\"MaxResource\": 27}");
    at(none, "TrainingJobDefinition").remove("StaticHyperParameters");
    t = translator.translate(none);
    assertEquals("27", t.job().at("/staticHyperparameters/epochs").asText());
    assertEquals(
        "HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig.MaxResource",
        t.origins().get("$.staticHyperparameters.epochs"));

    String h = "HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig";
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> translator.translate(hyperband(valid(), "{\"MaxResource\": 9}")));
    assertEquals(h + ".MaxResource", e.field());
    assertTrue(e.getMessage().contains("must equal the static epochs (2)"), e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () -> translator.translate(hyperband(valid(), "{\"MinResource\": 3}")));
    assertEquals(h + ".MinResource", e.field());
    ObjectNode random = hyperband(valid(), "{\"MaxResource\": 2}");
    at(random, "HyperParameterTuningJobConfig").put("Strategy", "Random");
    e = assertThrows(InvalidInputException.class, () -> translator.translate(random));
    assertEquals(h, e.field());
  }
}
