package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tuning requests in SageMaker's form ({@code ?format=sagemaker}) over real HTTP: translated, with
 * the ignored fields listed, and every error named by its field, in both forms.
 */
class SageMakerRequestTest extends ServerFixture {
  @Test
  void sagemakerRequestsAreTranslatedAndIgnoredFieldsListed() throws Exception {
    String req =
        """
        {"HyperParameterTuningJobName": "sm-job",
         "HyperParameterTuningJobConfig": {
           "Strategy": "Random",
           "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "validation:objective_loss"},
           "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1},
           "ParameterRanges": {"ContinuousParameterRanges": [{"Name": "learning_rate", "MinValue": "0.001", "MaxValue": "0.1", "ScalingType": "Logarithmic"}]},
           "TrainingJobEarlyStoppingType": "Off"},
         "TrainingJobDefinition": {
           "AlgorithmSpecification": {"TrainingImage": "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1", "TrainingInputMode": "File"},
           "StaticHyperParameters": {"predictor_type": "binary_classifier", "epochs": "2", "num_point_for_scaler": "1000"},
           "InputDataConfig": [{"ChannelName": "train", "ContentType": "text/csv", "DataSource": {"S3DataSource": {"S3Uri": "s3://train.csv", "S3DataType": "S3Prefix"}}}],
           "RoleArn": "arn:aws:iam::1:role/x",
           "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10}},
         "Tags": [{"Key": "team", "Value": "ml"}]}
        """;
    String huge =
        req.replace("\"MaxNumberOfTrainingJobs\": 2", "\"MaxNumberOfTrainingJobs\": 1e30");
    JsonNode p = problem(raw("POST", "/api/v1/tuning-jobs?format=sagemaker", submitter, huge), 400);
    assertEquals(
        "HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs",
        p.path("field").asText(),
        "a number that does not fit is refused, not wrapped: " + p);
    HttpResponse<String> r = raw("POST", "/api/v1/tuning-jobs?format=sagemaker", submitter, req);
    assertEquals(201, r.statusCode(), r.body());
    JsonNode j = JSON.readTree(r.body());
    assertEquals("random", j.path("strategy").asText());
    String ignored = j.path("ignoredFields").toString();
    assertTrue(ignored.contains("$.TrainingJobDefinition.RoleArn"), ignored);
    assertTrue(ignored.contains("$.Tags[0].Key"), ignored);
    assertTrue(ignored.contains("InstanceType"), ignored);
    assertFalse(ignored.contains("MaxNumberOfTrainingJobs"), ignored);
    assertTrue(
        ignored.contains(
            "$.TrainingJobDefinition.StaticHyperParameters.num_point_for_scaler: normalize_data"
                + " uses every training row"),
        "a SageMaker hyperparameter not implemented here is listed with the reason: " + ignored);
    p =
        problem(
            raw(
                "POST",
                "/api/v1/tuning-jobs?format=sagemaker",
                submitter,
                req.replace("\"epochs\": \"2\"", "\"loss\": \"hinge_loss\"")),
            400);
    assertEquals("TrainingJobDefinition.StaticHyperParameters.loss", p.path("field").asText());
    assertTrue(p.toString().contains("would train another model"), p.toString());
  }

  @Test
  void anS3PrefixNamingAFolderTrainsOnAllItsFiles() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("datasets/bucket/fmnist/train"));
    TestData.csv(folder, "part-0001.csv", 150, 11);
    TestData.csv(folder, "part-0002.csv", 150, 12);
    Files.writeString(folder.resolve(".part-0003.csv.crc"), "not data");
    String req = sagemakerRequest("sm-folder", "s3://bucket/fmnist/train/", "S3Prefix");
    HttpResponse<String> r = raw("POST", "/api/v1/tuning-jobs?format=sagemaker", submitter, req);
    assertEquals(201, r.statusCode(), r.body());
    assertFalse(JSON.readTree(r.body()).path("ignoredFields").toString().contains("S3DataType"));
    JsonNode j = waitForEnd(new ApiClient(server.url().toString(), reader), "sm-folder");
    assertEquals("COMPLETED", j.path("state").asText(), j.toString());
    assertEquals(2, j.path("trials").path("byState").path("COMPLETED").asInt(), j.toString());
  }

  @Test
  void manifestChannelsAreRefusedNamingTheField() throws Exception {
    for (String type : List.of("ManifestFile", "AugmentedManifestFile")) {
      String req = sagemakerRequest("sm-manifest", "s3://train.csv", type);
      JsonNode p =
          problem(raw("POST", "/api/v1/tuning-jobs?format=sagemaker", submitter, req), 400);
      assertTrue(
          p.path("field")
              .asText()
              .endsWith("InputDataConfig[0].DataSource.S3DataSource.S3DataType"),
          p.toString());
      assertTrue(p.path("detail").asText().contains(type), p.toString());
    }
  }

  @Test
  void wrongTypesInASageMakerRequestAreAllReportedNamingTheFields() throws Exception {
    String good = sagemakerRequest("sm-types", "s3://train.csv", "S3Prefix");
    String ranges =
        good.replaceFirst(
            "\"ContinuousParameterRanges\": \\[[^]]*]", "\"ContinuousParameterRanges\": 7");
    JsonNode p =
        problem(raw("POST", "/api/v1/tuning-jobs?format=sagemaker", submitter, ranges), 400);
    assertEquals(
        "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges",
        p.path("field").asText(),
        p.toString());
    String criteria =
        good.replace("\"Strategy\": \"Random\",", "\"TuningJobCompletionCriteria\": \"x\",");
    p = problem(raw("POST", "/api/v1/tuning-jobs?format=sagemaker", submitter, criteria), 400);
    assertEquals(
        "HyperParameterTuningJobConfig.TuningJobCompletionCriteria",
        p.path("field").asText(),
        p.toString());
    assertEquals(1, p.path("errors").size(), p.toString());

    String three =
        ranges
            .replace("\"Strategy\": \"Random\",", "\"TuningJobCompletionCriteria\": \"x\",")
            .replace("\"MaxNumberOfTrainingJobs\": 2", "\"MaxNumberOfTrainingJobs\": \"2\"");
    p = problem(raw("POST", "/api/v1/tuning-jobs?format=sagemaker", submitter, three), 400);
    assertEquals(3, p.path("errors").size(), p.toString());
    assertEquals(p.path("field"), p.path("errors").get(0).path("field"), p.toString());
    String errors = p.path("errors").toString();
    assertTrue(errors.contains("ResourceLimits.MaxNumberOfTrainingJobs"), errors);
    assertTrue(errors.contains("TuningJobCompletionCriteria"), errors);
    assertTrue(errors.contains("ContinuousParameterRanges"), errors);

    Path file = dir.resolve("three-errors.json");
    Files.writeString(file, three);
    String[] r =
        cli(
            "tune",
            "submit",
            file.toString(),
            "--format",
            "sagemaker",
            "--server",
            server.url().toString(),
            "--token",
            submitter);
    assertEquals("2", r[0], r[1] + r[2]);
    List<String> lines = r[2].lines().toList();
    assertEquals(3, lines.size(), r[2]);
    assertTrue(
        lines.get(0).startsWith("error: HyperParameterTuningJobConfig.ParameterRanges."), r[2]);
    assertTrue(lines.stream().allMatch(l -> l.startsWith("error: ")), r[2]);
  }

  @Test
  void everyErrorOfAVernierJobIsReportedWithItsJsonPath() throws Exception {
    String job =
        TestData.job("bad name", "annealing", 2, 1)
            .replace("\"channels\": {", "\"channels\": 7, \"unused\": {");
    JsonNode p = problem(raw("POST", "/api/v1/tuning-jobs", submitter, job), 400);
    assertEquals("$.unused", p.path("field").asText(), p.toString());
    List<String> fields = new java.util.ArrayList<>();
    p.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertEquals(List.of("$.unused", "$.name", "$.channels", "$.strategy"), fields, p.toString());
    assertTrue(p.path("detail").asText().contains("and 3 more"), p.toString());
  }

  @Test
  void errorsFoundAfterTranslationNameTheSageMakerField() throws Exception {
    String req =
        sagemakerRequest("sm-late", "s3://no-such.csv", "S3Prefix")
            .replace("\"MaxNumberOfTrainingJobs\": 2", "\"MaxNumberOfTrainingJobs\": 0");
    JsonNode p = problem(raw("POST", "/api/v1/tuning-jobs?format=sagemaker", submitter, req), 400);
    String errors = p.path("errors").toString();
    assertTrue(
        errors.contains(
            "TrainingJobDefinition.InputDataConfig[0].DataSource.S3DataSource.S3Uri: no such file"),
        errors);
    assertTrue(
        errors.contains("HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs"),
        errors);
  }
}
