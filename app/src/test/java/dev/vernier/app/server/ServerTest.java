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
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    ServerSettings s =
        new ServerSettings(
            "127.0.0.1",
            0,
            dir.resolve("state"),
            List.of(data),
            1,
            "java",
            1,
            Map.of(),
            Duration.ofSeconds(2),
            Duration.ofMillis(200),
            java.util.Map.of());
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
    assertTrue(Files.isRegularFile(Path.of(best.path("artifactPath").asText())), best.toString());
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
           "StaticHyperParameters": {"predictor_type": "binary_classifier", "epochs": "2"},
           "InputDataConfig": [{"ChannelName": "train", "ContentType": "text/csv", "DataSource": {"S3DataSource": {"S3Uri": "s3://train.csv", "S3DataType": "S3Prefix"}}}],
           "RoleArn": "arn:aws:iam::1:role/x",
           "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10}},
         "Tags": [{"Key": "team", "Value": "ml"}]}
        """;
    HttpResponse<String> r = raw("POST", "/api/v1/tuning-jobs?format=sagemaker", submitter, req);
    assertEquals(201, r.statusCode(), r.body());
    JsonNode j = JSON.readTree(r.body());
    assertEquals("random", j.path("strategy").asText());
    String ignored = j.path("ignoredFields").toString();
    assertTrue(ignored.contains("$.TrainingJobDefinition.RoleArn"), ignored);
    assertTrue(ignored.contains("$.Tags[0].Key"), ignored);
    assertTrue(ignored.contains("InstanceType"), ignored);
    assertFalse(ignored.contains("MaxNumberOfTrainingJobs"), ignored);
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
    assertTrue(r[1].contains("model: /"), r[1]);
    r = cli("tune", "list", "--server", url, "--token", reader, "--state", "completed");
    assertTrue(r[1].contains("cli-job"), r[1]);
    r = cli("tune", "stop", "cli-job", "--server", url, "--token", reader);
    assertEquals("2", r[0], "a reader may not stop jobs");
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
    byte[] stored = Files.readAllBytes(Path.of(best.path("artifactPath").asText()));

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
            "--output",
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
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    int code =
        dev.vernier.app.cli.VernierCommand.run(
            new String[] {
              "tune", "model", "dl-job", "--output", "-", "--server", url, "--token", reader
            },
            new PrintStream(raw, true),
            new PrintStream(new java.io.ByteArrayOutputStream(), true));
    assertEquals(0, code);
    assertArrayEquals(stored, raw.toByteArray());
    Path missing = dir.resolve("missing.vernier");
    c =
        cli(
            "tune",
            "model",
            "dl-job",
            "--trial",
            "99",
            "--output",
            missing.toString(),
            "--server",
            url,
            "--token",
            reader);
    assertEquals("2", c[0], c[1] + c[2]);
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
