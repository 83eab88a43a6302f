package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.security.Role;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One in-process service per test class, over real HTTP on a real SQLite file in a temporary
 * folder, with a data root holding {@code train.csv} and {@code val.csv} ({@code outside.csv} lies
 * beside it), and a token for each role; with the helpers its tests share: HTTP requests, problem
 * documents, the CLI, waiting for a job to end and a SageMaker tuning request. Other tests of the
 * package call the static helpers too ({@code ServerFixture.cli}, {@code problem}, {@code
 * sagemakerRequest}).
 */
abstract class ServerFixture {
  @TempDir static Path dir;
  static VernierServer server;
  static String admin;
  static String submitter;
  static String reader;
  static String worker;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 300, 1);
    TestData.csv(data, "val.csv", 100, 2);
    Files.writeString(dir.resolve("outside.csv"), "0,1,2,3,4\n");
    ServerSettings s = ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 1);
    server =
        VernierServer.start(
            s, Clock.systemUTC(), new PrintStream(new java.io.ByteArrayOutputStream()));
    admin = server.firstAdminToken();
    assertNotNull(admin, "the first start creates an admin token");
    long now = System.currentTimeMillis();
    submitter = server.tokens().create(Role.SUBMITTER, "test", now);
    reader = server.tokens().create(Role.READER, "test", now);
    worker = server.tokens().create(Role.WORKER, "test", now);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> raw(String method, String path, String token, String body)
      throws Exception {
    return TestHttp.json(server, method, path, token, body);
  }

  static JsonNode problem(HttpResponse<String> r, int status) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        r.headers().toString());
    JsonNode p = JSON.readTree(r.body());
    assertTrue(p.path("type").asText().startsWith("https://vernier.dev/problems/"), r.body());
    assertFalse(p.path("detail").asText().isBlank(), r.body());
    return p;
  }

  static JsonNode waitForEnd(ApiClient api, String id) throws Exception {
    return TestHttp.waitForEnd(api, id);
  }

  static String[] cli(String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        dev.vernier.app.cli.VernierCommand.run(
            args, new PrintStream(out, true), new PrintStream(err, true));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  static String sagemakerRequest(String name, String s3Uri, String s3DataType) {
    return """
        {"HyperParameterTuningJobName": "%s",
         "HyperParameterTuningJobConfig": {
           "Strategy": "Random",
           "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "validation:objective_loss"},
           "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1},
           "ParameterRanges": {"ContinuousParameterRanges": [{"Name": "learning_rate", "MinValue": "0.001", "MaxValue": "0.1", "ScalingType": "Logarithmic"}]}},
         "TrainingJobDefinition": {
           "AlgorithmSpecification": {"TrainingImage": "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1", "TrainingInputMode": "File"},
           "StaticHyperParameters": {"predictor_type": "binary_classifier", "epochs": "2"},
           "InputDataConfig": [
             {"ChannelName": "train", "ContentType": "text/csv", "DataSource": {"S3DataSource": {"S3Uri": "%s", "S3DataType": "%s"}}},
             {"ChannelName": "validation", "ContentType": "text/csv", "DataSource": {"S3DataSource": {"S3Uri": "s3://val.csv", "S3DataType": "S3Prefix"}}}],
           "RoleArn": "arn:aws:iam::1:role/x"}}
        """
        .formatted(name, s3Uri, s3DataType);
  }
}
