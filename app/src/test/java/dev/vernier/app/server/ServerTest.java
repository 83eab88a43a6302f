package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.security.Role;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over real HTTP on a real SQLite file: security, errors, a job run to its end. */
class ServerTest {
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
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
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

  @Test
  void healthIsOpenEverythingElseNeedsAToken() throws Exception {
    assertEquals(200, raw("GET", "/health", null, null).statusCode());
    problem(raw("GET", "/api/v1/tuning-jobs", null, null), 401);
    problem(raw("GET", "/metrics", null, null), 401);
    problem(raw("GET", "/api/v1/tuning-jobs", "vrn_a_not-a-real-token", null), 401);
    problem(raw("POST", "/api/v1/fleet/workers", null, "{}"), 401);
  }

  @Test
  void rolesSeparateSubmittersWorkersAndReaders() throws Exception {
    JsonNode p =
        problem(
            raw("POST", "/api/v1/tuning-jobs", reader, TestData.job("by-reader", "random", 2, 1)),
            403);
    assertTrue(p.path("detail").asText().contains("reader"), p.toString());
    problem(raw("GET", "/api/v1/tuning-jobs", worker, null), 403);
    problem(
        raw(
            "POST",
            "/api/v1/fleet/workers",
            submitter,
            "{\"name\":\"x\",\"slots\":1,\"bootId\":\"b\"}"),
        403);
    assertEquals(200, raw("GET", "/api/v1/tuning-jobs", reader, null).statusCode());
    assertEquals(200, raw("GET", "/metrics", reader, null).statusCode());
    assertEquals(
        200,
        raw(
                "POST",
                "/api/v1/fleet/workers",
                worker,
                "{\"name\":\"w-roles\",\"slots\":1,\"bootId\":\"b\"}")
            .statusCode());
    JsonNode slots =
        problem(
            raw(
                "POST",
                "/api/v1/fleet/workers",
                worker,
                "{\"name\":\"w-huge\",\"slots\":4294967297,\"bootId\":\"b\"}"),
            400);
    assertEquals("slots", slots.path("field").asText(), "4294967297 once wrapped to 1");
  }

  @Test
  void badJobsAreProblemDocumentsNamingTheField() throws Exception {
    JsonNode p =
        problem(
            raw("POST", "/api/v1/tuning-jobs", submitter, TestData.job("bad-1", "random", 0, 1)),
            400);
    assertEquals("$.limits.maxTrials", p.path("field").asText());
    p =
        problem(
            raw("POST", "/api/v1/tuning-jobs", submitter, TestData.job("bad-2", "annealing", 3, 1)),
            400);
    assertEquals("$.strategy", p.path("field").asText());
    p = problem(raw("POST", "/api/v1/tuning-jobs", submitter, "{not json"), 400);
    assertEquals("$", p.path("field").asText());
    p = problem(raw("GET", "/api/v1/tuning-jobs/nope", reader, null), 404);
    assertEquals("https://vernier.dev/problems/not-found", p.path("type").asText());
    // the framework's own errors are problem documents too
    problem(raw("GET", "/api/v1/no-such-thing", reader, null), 404);
    problem(raw("DELETE", "/api/v1/tuning-jobs", submitter, null), 405);
  }

  /**
   * Issue 12: the router's and the framework's own errors came back in Micronaut's default JSON;
   * they are problem documents like every other error, and stopping a finished job is a conflict.
   */
  @Test
  void micronautsOwnErrorsAreProblemDocuments() throws Exception {
    JsonNode p = problem(raw("GET", "/api/v1/no-such-thing", reader, null), 404);
    assertEquals("https://vernier.dev/problems/not-found", p.path("type").asText());
    assertEquals(404, p.path("status").asInt());
    assertFalse(p.path("title").asText().isBlank(), p.toString());
    assertTrue(p.path("detail").asText().contains("/api/v1/no-such-thing"), p.toString());

    HttpResponse<String> r = raw("DELETE", "/api/v1/tuning-jobs", submitter, null);
    p = problem(r, 405);
    assertEquals("https://vernier.dev/problems/method-not-allowed", p.path("type").asText());
    assertTrue(p.path("detail").asText().contains("GET"), p.toString());

    r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/tuning-jobs"))
                .header("Authorization", "Bearer " + submitter)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("name=x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    p = problem(r, 415);
    assertEquals("https://vernier.dev/problems/unsupported-media-type", p.path("type").asText());
    assertEquals("Content-Type", p.path("field").asText());
    assertTrue(p.path("detail").asText().contains("application/json"), p.toString());

    p = problem(raw("POST", "/api/v1/tuning-jobs", submitter, null), 400);
    assertEquals("https://vernier.dev/problems/invalid-input", p.path("type").asText());
    assertEquals("$", p.path("field").asText());

    p = problem(raw("GET", "/api/v1/tuning-jobs?offset=abc", reader, null), 400);
    assertEquals("https://vernier.dev/problems/invalid-input", p.path("type").asText());
    assertEquals("offset", p.path("field").asText());
    assertTrue(p.path("detail").asText().contains("abc"), p.toString());

    p = problem(raw("GET", "/api/v1/tuning-jobs/some-job/trials/abc", reader, null), 400);
    assertEquals("number", p.path("field").asText());

    // one byte over the limit, announced: the service answers before reading any of it
    String[] answer = rawHttp("POST", "/api/v1/tuning-jobs", submitter, (1L << 30) + 1);
    assertEquals("413", answer[0], answer[2]);
    assertTrue(answer[1].startsWith("application/problem+json"), answer[1]);
    p = JSON.readTree(answer[2]);
    assertEquals("https://vernier.dev/problems/payload-too-large", p.path("type").asText());
    assertEquals(413, p.path("status").asInt());
  }

  @Test
  void stoppingAFinishedJobIsAConflict() throws Exception {
    assertEquals(
        201,
        raw("POST", "/api/v1/tuning-jobs", submitter, TestData.job("done-1", "random", 1, 1))
            .statusCode());
    waitForEnd(new ApiClient(server.url().toString(), reader), "done-1");
    JsonNode p = problem(raw("POST", "/api/v1/tuning-jobs/done-1/stop", submitter, null), 409);
    assertEquals("https://vernier.dev/problems/already-finished", p.path("type").asText());
    assertEquals("id", p.path("field").asText());
    assertTrue(p.path("detail").asText().contains("already ended"), p.toString());
  }

  /**
   * A request whose headers announce {@code contentLength} bytes and send none (java.net.http may
   * not set Content-Length); answers status, Content-Type and body.
   */
  static String[] rawHttp(String method, String path, String token, long contentLength)
      throws Exception {
    URI u = server.url().toURI();
    try (java.net.Socket s = new java.net.Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(20_000);
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: "
              + u.getHost()
              + "\r\nAuthorization: Bearer "
              + token
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + contentLength
              + "\r\n\r\n";
      s.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  s.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      String status = in.readLine().split(" ")[1];
      String type = "";
      int length = 0;
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        String lower = line.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("content-type:")) {
          type = line.substring(line.indexOf(':') + 1).trim();
        } else if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
        }
      }
      char[] body = new char[length];
      int n = 0;
      while (n < length) {
        int k = in.read(body, n, length - n);
        if (k < 0) {
          break;
        }
        n += k;
      }
      return new String[] {status, type, new String(body, 0, n)};
    }
  }

  @Test
  void pathsOutsideTheDataRootsAreRefused() throws Exception {
    String job =
        TestData.job("escape", "random", 2, 1)
            .replace("\"path\": \"train.csv\"", "\"path\": \"../outside.csv\"");
    JsonNode p = problem(raw("POST", "/api/v1/tuning-jobs", submitter, job), 400);
    assertEquals("$.channels.train.path", p.path("field").asText());
    assertTrue(p.path("detail").asText().contains("data root"), p.toString());
    String abs =
        TestData.job("escape-2", "random", 2, 1)
            .replace("\"path\": \"train.csv\"", "\"path\": \"" + dir.resolve("outside.csv") + "\"");
    problem(raw("POST", "/api/v1/tuning-jobs", submitter, abs), 400);
  }

  @Test
  void aJobRunsToCompletionOnTheLocalSlotAndNamesItsBestModel() throws Exception {
    ApiClient api = new ApiClient(server.url().toString(), submitter);
    ApiClient.Reply created =
        api.post("/api/v1/tuning-jobs", TestData.job("ll-job", "bayesian", 4, 1));
    assertEquals(201, created.status());
    assertThrows(
        ApiClient.Rejected.class,
        () -> api.post("/api/v1/tuning-jobs", TestData.job("ll-job", "bayesian", 4, 1)),
        "a taken name is a 409");
    JsonNode j = waitForEnd(api, "ll-job");
    assertEquals("COMPLETED", j.path("state").asText(), j.toString());
    assertEquals(4, j.path("trials").path("byState").path("COMPLETED").asInt(), j.toString());
    JsonNode best = api.get("/api/v1/tuning-jobs/ll-job/best").body();
    // answers name the model relative to the service's data folder
    assertTrue(
        Files.isRegularFile(dir.resolve("state").resolve(best.path("artifactPath").asText())),
        best.toString());
    JsonNode t1 = api.get("/api/v1/tuning-jobs/ll-job/trials/1").body();
    assertEquals(4, t1.path("metrics").size(), t1.toString());
    String metrics = raw("GET", "/metrics", reader, null).body();
    assertTrue(metrics.contains("vernier_jobs{state=\"COMPLETED\"}"), metrics);
    assertTrue(metrics.contains("vernier_trials{state=\"COMPLETED\"}"), metrics);
  }

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

  @Test
  void openApiDocumentIsServed() throws Exception {
    HttpResponse<String> r = raw("GET", "/openapi/vernier.yml", null, null);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("/api/v1/tuning-jobs"), r.body());
  }

  static String[] cli(String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        dev.vernier.app.cli.VernierCommand.run(
            args, new PrintStream(out, true), new PrintStream(err, true));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  /** As {@link #cli}, with {@code stdin} as standard input. */
  static String[] cliIn(String stdin, String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        dev.vernier.app.cli.VernierCommand.run(
            args,
            new java.io.ByteArrayInputStream(
                stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            new PrintStream(out, true),
            new PrintStream(err, true));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void exitCodesSayNotFoundNotAuthorisedAndBadInputAndDashIsStandardInput() throws Exception {
    String url = server.url().toString();
    String[] r = cli("tune", "status", "no-such-job", "--server", url, "--token", reader);
    assertEquals("3", r[0], "an unknown job is not found: " + r[1] + r[2]);
    r = cli("monitor", "status", "no-such-monitor", "--server", url, "--token", reader);
    assertEquals("3", r[0], "an unknown monitor is not found: " + r[1] + r[2]);
    r = cli("tune", "list", "--server", url, "--token", "vrn_r_not-a-real-token");
    assertEquals("4", r[0], "a wrong token is not authorised: " + r[1] + r[2]);
    r =
        cliIn(
            TestData.job("stdin-job", "random", 1, 1),
            "tune",
            "submit",
            "-",
            "--server",
            url,
            "--token",
            reader);
    assertEquals("4", r[0], "a reader may not submit: " + r[1] + r[2]);
    r = cliIn("{not json", "tune", "submit", "-", "--server", url, "--token", submitter);
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("standard input") && r[2].contains("not valid JSON"), r[2]);
    r =
        cliIn(
            TestData.job("stdin-job", "random", 1, 1),
            "tune",
            "submit",
            "-",
            "--server",
            url,
            "--token",
            submitter,
            "--output",
            "json");
    assertEquals("0", r[0], r[2]);
    assertEquals("stdin-job", JSON.readTree(r[1]).path("id").asText(), r[1]);
    r = cli("tune", "status", "stdin-job", "--server", url, "--token", reader, "--output", "json");
    assertEquals("0", r[0], r[2]);
    assertEquals(1, JSON.readTree(r[1]).path("trials").path("max").asInt(), r[1]);
    waitForEnd(new ApiClient(url, reader), "stdin-job");
  }

  @Test
  void submitWaitShowsProgressLinesAndExits0WhenTheJobCompletes() throws Exception {
    Path job = dir.resolve("wait-job.json");
    Files.writeString(job, TestData.job("wait-job", "random", 3, 1));
    String url = server.url().toString();
    String[] r =
        cli(
            "tune",
            "submit",
            job.toString(),
            "--wait",
            "--interval",
            "0.2",
            "--server",
            url,
            "--token",
            submitter);
    assertEquals("0", r[0], r[1] + r[2]);
    List<String> lines = r[1].lines().toList();
    assertEquals("submitted wait-job", lines.get(0), r[1]);
    assertFalse(r[1].contains("\033"), "no terminal escapes when stdout is not a terminal");
    // a line per change, each with done/of max and the best so far, the last one COMPLETED
    List<String> progress = lines.subList(1, lines.size() - 1);
    assertTrue(progress.size() >= 2, r[1]);
    assertEquals(progress.size(), progress.stream().distinct().count(), "no repeats: " + r[1]);
    for (String l : progress) {
      assertTrue(
          l.matches(
              "wait-job [A-Z_]+: trials done [0-3]/3 \\([0-3] failed\\), running [01],"
                  + " best validation:objective_loss .*"),
          l);
    }
    assertTrue(
        progress.get(progress.size() - 1).startsWith("wait-job COMPLETED: trials done 3/3"), r[1]);
    assertTrue(progress.get(progress.size() - 1).contains("(trial "), r[1]);
    assertTrue(lines.get(lines.size() - 1).startsWith("wait-job completed: best "), r[1]);

    // watching a job that has ended: one line and the same exit code; or its JSON
    r = cli("tune", "watch", "wait-job", "--server", url, "--token", reader);
    assertEquals("0", r[0], r[1] + r[2]);
    assertEquals(2, r[1].lines().count(), r[1]);
    r = cli("tune", "watch", "wait-job", "--server", url, "--token", reader, "--output", "json");
    assertEquals("0", r[0], r[1] + r[2]);
    assertEquals("COMPLETED", JSON.readTree(r[1]).path("state").asText(), r[1]);
    r = cli("tune", "watch", "no-such-job", "--server", url, "--token", reader);
    assertEquals("3", r[0], r[1] + r[2]);
    r = cli("tune", "watch", "wait-job", "--interval", "0", "--server", url, "--token", reader);
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("--interval"), r[2]);
  }

  @Test
  void watchingAJobWhoseTrialsAllFailExits1() throws Exception {
    Files.writeString(dir.resolve("datasets/bad.csv"), "0,1,2,x,4\n1,2,3,4,5\n");
    String spec = TestData.job("bad-job", "random", 2, 1).replace("\"train.csv\"", "\"bad.csv\"");
    String url = server.url().toString();
    String[] r = cliIn(spec, "tune", "submit", "-", "--server", url, "--token", submitter);
    assertEquals("0", r[0], r[1] + r[2]);
    r = cli("tune", "watch", "bad-job", "--interval", "0.2", "--server", url, "--token", reader);
    assertEquals("1", r[0], r[1] + r[2]);
    List<String> lines = r[1].lines().toList();
    assertTrue(
        lines.get(lines.size() - 2).startsWith("bad-job FAILED: trials done 2/2 (2 failed)"), r[1]);
    assertTrue(
        lines.get(lines.size() - 1).startsWith("bad-job ended FAILED: no trial produced"), r[1]);
  }

  @Test
  void theTuneCommandsDriveAJobOverHttp() throws Exception {
    Path job = dir.resolve("cli-job.json");
    Files.writeString(job, TestData.job("cli-job", "random", 2, 1));
    String url = server.url().toString();
    String[] r = cli("tune", "submit", job.toString(), "--server", url, "--token", submitter);
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("submitted cli-job"), r[1]);
    r = cli("tune", "submit", job.toString(), "--server", url, "--token", submitter);
    assertEquals("2", r[0], "a duplicate name is bad input: " + r[1] + r[2]);
    assertTrue(r[2].contains("already exists"), r[2]);
    waitForEnd(new ApiClient(url, reader), "cli-job");
    r = cli("tune", "status", "cli-job", "--server", url, "--token", reader);
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("COMPLETED") && r[1].contains("best trial"), r[1]);
    r = cli("tune", "trials", "cli-job", "--server", url, "--token", reader);
    assertEquals(2, r[1].lines().count(), r[1]);
    r = cli("tune", "best", "cli-job", "--server", url, "--token", reader);
    assertTrue(r[1].contains("model: artifacts/sha256/"), r[1]); // relative to its data folder
    r = cli("tune", "list", "--server", url, "--token", reader, "--state", "completed");
    assertTrue(r[1].contains("cli-job"), r[1]);
    r = cli("tune", "stop", "cli-job", "--server", url, "--token", reader);
    assertEquals("4", r[0], "a reader may not stop jobs");
    assertTrue(r[2].contains("403"), r[2]);
    r = cli("tune", "status", "cli-job", "--server", url);
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--token"), r[2]);
  }

  @Test
  void aFinishedJobsModelsAreDownloadedAndInspected() throws Exception {
    String url = server.url().toString();
    ApiClient api = new ApiClient(url, submitter);
    assertEquals(
        201, api.post("/api/v1/tuning-jobs", TestData.job("dl-job", "random", 2, 1)).status());
    assertEquals("COMPLETED", waitForEnd(api, "dl-job").path("state").asText());
    JsonNode best = api.get("/api/v1/tuning-jobs/dl-job/best").body();
    int n = best.path("number").asInt();
    byte[] stored =
        Files.readAllBytes(dir.resolve("state").resolve(best.path("artifactPath").asText()));

    // a reader downloads the bytes as stored, named after the job and the trial
    HttpResponse<byte[]> r = bytes("/api/v1/tuning-jobs/dl-job/trials/" + n + "/model", reader);
    assertEquals(200, r.statusCode());
    assertEquals(
        "application/octet-stream", r.headers().firstValue("Content-Type").orElse(""), "type");
    String disposition = r.headers().firstValue("Content-Disposition").orElse("");
    assertTrue(disposition.startsWith("attachment"), disposition);
    assertTrue(disposition.contains("filename=\"dl-job-trial-" + n + ".vernier\""), disposition);
    assertArrayEquals(stored, r.body());
    r = bytes("/api/v1/tuning-jobs/dl-job/best/model", reader);
    assertEquals(200, r.statusCode());
    assertArrayEquals(stored, r.body());

    // 404 problems name the field that named nothing
    assertEquals(
        "number",
        problem(raw("GET", "/api/v1/tuning-jobs/dl-job/trials/99/model", reader, null), 404)
            .path("field")
            .asText());
    assertEquals(
        "id",
        problem(raw("GET", "/api/v1/tuning-jobs/nope/trials/1/model", reader, null), 404)
            .path("field")
            .asText());
    assertEquals(
        "id",
        problem(raw("GET", "/api/v1/tuning-jobs/nope/best/model", reader, null), 404)
            .path("field")
            .asText());
    problem(raw("GET", "/api/v1/tuning-jobs/dl-job/best/model", null, null), 401);

    // the CLI writes the file, or standard output with -
    Path file = dir.resolve("downloaded.vernier");
    String[] c =
        cli(
            "tune",
            "model",
            "dl-job",
            "--trial",
            String.valueOf(n),
            "--to",
            file.toString(),
            "--server",
            url,
            "--token",
            reader);
    assertEquals("0", c[0], c[2]);
    assertTrue(c[1].contains("wrote " + file), c[1]);
    assertArrayEquals(stored, Files.readAllBytes(file));
    Path bestFile = dir.resolve("best.vernier");
    c =
        cli(
            "tune",
            "model",
            "dl-job",
            "--output",
            bestFile.toString(),
            "--server",
            url,
            "--token",
            reader);
    assertEquals("0", c[0], c[2]);
    assertArrayEquals(stored, Files.readAllBytes(bestFile));
    // --output FILE, the old spelling, still writes the file and warns once
    assertTrue(c[2].contains("deprecated") && c[2].contains("--to FILE"), c[2]);
    assertEquals(1, c[2].lines().count(), c[2]);
    assertTrue(c[1].contains("wrote " + bestFile), c[1]);
    Path jsonFile = dir.resolve("json.vernier");
    c =
        cli(
            "tune",
            "model",
            "dl-job",
            "--to",
            jsonFile.toString(),
            "--output",
            "json",
            "--server",
            url,
            "--token",
            reader);
    assertEquals("0", c[0], c[2]);
    assertEquals("", c[2]);
    JsonNode dl = JSON.readTree(c[1]);
    assertEquals(jsonFile.toString(), dl.path("file").asText(), c[1]);
    assertEquals(stored.length, dl.path("bytes").asLong(), c[1]);
    assertEquals("dl-job", dl.path("job").asText(), c[1]);
    assertTrue(dl.path("best").asBoolean(), c[1]);
    assertArrayEquals(stored, Files.readAllBytes(jsonFile));
    c = cli("tune", "model", "dl-job", "--server", url, "--token", reader);
    assertEquals("2", c[0], "the file is required: " + c[1] + c[2]);
    assertTrue(c[2].contains("--to"), c[2]);
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    int code =
        dev.vernier.app.cli.VernierCommand.run(
            new String[] {
              "tune", "model", "dl-job", "--to", "-", "--server", url, "--token", reader
            },
            new PrintStream(raw, true),
            new PrintStream(new java.io.ByteArrayOutputStream(), true));
    assertEquals(0, code);
    assertArrayEquals(stored, raw.toByteArray());
    // with --to - and --output json, the model alone on standard output, the JSON on standard error
    raw.reset();
    java.io.ByteArrayOutputStream rawErr = new java.io.ByteArrayOutputStream();
    code =
        dev.vernier.app.cli.VernierCommand.run(
            new String[] {
              "tune",
              "model",
              "dl-job",
              "--to",
              "-",
              "--output",
              "json",
              "--server",
              url,
              "--token",
              reader
            },
            new PrintStream(raw, true),
            new PrintStream(rawErr, true));
    assertEquals(0, code, rawErr.toString());
    assertArrayEquals(stored, raw.toByteArray());
    assertEquals(stored.length, JSON.readTree(rawErr.toString()).path("bytes").asLong());
    assertEquals("-", JSON.readTree(rawErr.toString()).path("file").asText());
    Path missing = dir.resolve("missing.vernier");
    c =
        cli(
            "tune",
            "model",
            "dl-job",
            "--trial",
            "99",
            "--to",
            missing.toString(),
            "--server",
            url,
            "--token",
            reader);
    assertEquals("3", c[0], "an unknown trial is not found: " + c[1] + c[2]);
    assertTrue(c[2].contains("trial 99") && c[2].contains("404"), c[2]);
    assertFalse(Files.exists(missing), "a failed download leaves no file");

    // model inspect: the provenance and metrics the file holds
    c = cli("model", "inspect", file.toString());
    assertEquals("0", c[0], c[2]);
    for (String want :
        List.of(
            "algorithm", "linear-learner", "seed", "train sha256", "backend", "vernier version")) {
      assertTrue(c[1].contains(want), want + " in " + c[1]);
    }
    c = cli("model", "inspect", file.toString(), "--output", "json");
    assertEquals("0", c[0], c[2]);
    JsonNode j = JSON.readTree(c[1]);
    JsonNode prov = j.path("provenance");
    assertEquals("linear-learner", prov.path("algorithm").asText(), c[1]);
    assertEquals(64, prov.path("trainDatasetSha256").asText().length(), c[1]);
    assertFalse(prov.path("backend").asText().isBlank(), c[1]);
    assertFalse(prov.path("vernierVersion").asText().isBlank(), c[1]);
    assertTrue(prov.path("hyperparameters").size() > 0, c[1]);
    assertTrue(prov.has("seed"), c[1]);
    assertTrue(j.path("metrics").size() > 0, c[1]);
    c = cli("model", "inspect", file.toString(), "--output", "yaml");
    assertEquals("2", c[0], c[1] + c[2]);
    assertTrue(c[2].contains("--output"), c[2]);
    Files.writeString(dir.resolve("not-a-model.vernier"), "hello");
    c = cli("model", "inspect", dir.resolve("not-a-model.vernier").toString());
    assertEquals("2", c[0], c[1] + c[2]);
  }

  static HttpResponse<byte[]> bytes(String path, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Issue 12: the CLI printed {@code error: $.channels.train.path: $.channels.train.path: ...}. */
  @Test
  void theCliNamesAWrongFieldOnce() throws Exception {
    Path job = dir.resolve("cli-escape.json");
    Files.writeString(
        job,
        TestData.job("cli-escape", "random", 2, 1)
            .replace("\"path\": \"train.csv\"", "\"path\": \"../outside.csv\""));
    String[] r =
        cli(
            "tune",
            "submit",
            job.toString(),
            "--server",
            server.url().toString(),
            "--token",
            submitter);
    assertEquals("2", r[0], r[1] + r[2]);
    String err = r[2].strip();
    assertTrue(err.startsWith("error: $.channels.train.path: "), err);
    assertEquals(1, err.split("channels\\.train\\.path", -1).length - 1, err);
    assertTrue(err.contains("data root") && err.endsWith("(HTTP 400)"), err);
  }

  /**
   * Issue 12: a data file's first line was shown to every reader in a failed trial's reason. The
   * reason names the file, line, column and rule, never the file's bytes.
   */
  @Test
  void aFailedTrialsReasonNeverQuotesTheDataFile() throws Exception {
    Path data = dir.resolve("datasets");
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      rows.append(i % 2).append(",0.5,0.25,0.125,1\n");
    }
    rows.append("1,0.5,s3cr3t-token,0.125,1\n");
    Files.writeString(data.resolve("leaky.csv"), rows);
    ApiClient api = new ApiClient(server.url().toString(), submitter);
    var created =
        api.post(
            "/api/v1/tuning-jobs",
            TestData.job("leaky-job", "random", 1, 1).replace("train.csv", "leaky.csv"));
    assertEquals(201, created.status(), created.body().toString());
    assertEquals("FAILED", waitForEnd(api, "leaky-job").path("state").asText());
    String trials =
        new ApiClient(server.url().toString(), reader)
            .get("/api/v1/tuning-jobs/leaky-job/trials")
            .body()
            .toString();
    assertTrue(trials.contains("\"leaky.csv:61:3: cells"), trials);
    // item 9: no answer shows the service's absolute paths or its data roots
    String job =
        new ApiClient(server.url().toString(), reader)
            .get("/api/v1/tuning-jobs/leaky-job")
            .body()
            .toString();
    for (String shown : List.of(trials, job)) {
      assertTrue(!shown.contains(dir.toString()), shown);
      assertTrue(!shown.contains(dir.toRealPath().toString()), shown);
    }
    assertTrue(job.contains("\"leaky.csv\""), job);
    assertTrue(trials.contains("cells must be numbers"), trials);
    assertTrue(!trials.contains("s3cr3t"), trials);
  }

  static JsonNode waitForEnd(ApiClient api, String id) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode j = api.get("/api/v1/tuning-jobs/" + id).body();
      String st = j.path("state").asText();
      if (st.equals("COMPLETED") || st.equals("FAILED") || st.equals("STOPPED")) {
        return j;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " did not end in 120 s");
  }
}
