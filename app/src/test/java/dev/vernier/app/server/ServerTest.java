package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service over real HTTP on a real SQLite file: security, errors, a job run to its end. */
class ServerTest extends ServerFixture {
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
   * The tester's findings: {@code {...} xyz} and {@code {...}{}} were accepted (201) with the rest
   * dropped, a field given twice kept its last value, in the native and the SageMaker format.
   */
  @Test
  void aBodyIsExactlyOneJsonDocumentWithEachFieldOnce() throws Exception {
    String job = TestData.job("one-doc", "random", 1, 1).strip();
    for (String body : List.of(job + " xyz", job + "{}")) {
      JsonNode p = problem(raw("POST", "/api/v1/tuning-jobs", submitter, body), 400);
      assertEquals("$", p.path("field").asText(), p.toString());
      assertTrue(
          p.path("detail").asText().contains("nothing may follow the JSON document"), p.toString());
    }
    String twice = job.replace("\"maxTrials\": 1,", "\"maxTrials\": 1, \"maxTrials\": 5000,");
    JsonNode p = problem(raw("POST", "/api/v1/tuning-jobs", submitter, twice), 400);
    assertEquals("$.limits.maxTrials", p.path("field").asText(), p.toString());
    assertTrue(p.path("detail").asText().contains("is given twice"), p.toString());
    String sagemaker = sagemakerRequest("one-doc-sm", "s3://train.csv", "S3Prefix").strip();
    p =
        problem(
            raw("POST", "/api/v1/tuning-jobs?format=sagemaker", submitter, sagemaker + "{}"), 400);
    assertEquals("$", p.path("field").asText(), p.toString());
    problem(raw("GET", "/api/v1/tuning-jobs/one-doc", reader, null), 404);
    problem(raw("GET", "/api/v1/tuning-jobs/one-doc-sm", reader, null), 404);
  }

  /** RFC 7235: the scheme is case-insensitive; {@code bearer <token>} was refused 401. */
  @Test
  void theBearerSchemeIsCaseInsensitive() throws Exception {
    for (String scheme : List.of("bearer ", "BEARER ", "Bearer ", "bEaReR ")) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/tuning-jobs"))
                  .header("Authorization", scheme + reader)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), scheme + ": " + r.body());
    }
    for (String header : List.of("Bearer" + reader, "Basic " + reader, "bearer", "Token x")) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/tuning-jobs"))
                  .header("Authorization", header)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      problem(r, 401);
    }
  }

  /**
   * API answers, errors included, are not cached and not sniffed; the dashboard's page is not
   * framed.
   */
  @Test
  void apiAnswersAreNotCachedOrSniffed() throws Exception {
    for (String[] call :
        new String[][] {
          {"/api/v1/tuning-jobs", reader},
          {"/api/v1/tuning-jobs/nope", reader},
          {"/api/v1/tuning-jobs", null}
        }) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + call[0]));
      if (call[1] != null) {
        b.header("Authorization", "Bearer " + call[1]);
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(
          "no-store",
          r.headers().firstValue("Cache-Control").orElse(""),
          call[0] + " " + r.statusCode() + " " + r.headers().map());
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), call[0]);
    }
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

  @Test
  void openApiDocumentIsServed() throws Exception {
    HttpResponse<String> r = raw("GET", "/openapi/vernier.yml", null, null);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("/api/v1/tuning-jobs"), r.body());
  }
}
