package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.security.Role;
import dev.vernier.core.fleet.FleetClient;
import java.io.ByteArrayInputStream;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker identity over real HTTP on a real SQLite file: a name belongs to the token that registered
 * it, every lease call carries the registration's secret, a lease belongs to the worker that took
 * it, and model uploads are streamed against their own limit.
 */
class WorkerIdentityTest {
  static final long LIMIT = 64 * 1024;
  static final String SECRET = FleetClient.WORKER_SECRET_HEADER;
  @TempDir static Path dir;
  static VernierServer server;
  static String admin;
  static String tokenA;
  static String tokenB;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 200, 1);
    TestData.csv(data, "val.csv", 100, 2);
    ServerSettings s =
        ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0)
            .withHeartbeat(Duration.ofSeconds(30))
            .withMaxArtifactBytes(LIMIT);
    server =
        VernierServer.start(s, Clock.systemUTC(), new PrintStream(PrintStream.nullOutputStream()));
    admin = server.firstAdminToken();
    long now = System.currentTimeMillis();
    tokenA = server.tokens().create(Role.WORKER, "worker a", now);
    tokenB = server.tokens().create(Role.WORKER, "worker b", now);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> send(
      String method, String path, String token, String secret, HttpRequest.BodyPublisher body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header(
                "Content-Type",
                method.equals("PUT") ? "application/octet-stream" : "application/json");
    if (secret != null) {
      b.header(SECRET, secret);
    }
    return HTTP.send(b.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String token, String secret, String json)
      throws Exception {
    return send("POST", path, token, secret, HttpRequest.BodyPublishers.ofString(json));
  }

  /** Registers and returns {workerId, workerSecret}. */
  static String[] register(String token, String name, String boot) throws Exception {
    HttpResponse<String> r =
        post(
            "/api/v1/fleet/workers",
            token,
            null,
            "{\"name\":\"" + name + "\",\"slots\":1,\"bootId\":\"" + boot + "\"}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode j = JSON.readTree(r.body());
    String secret = j.path("workerSecret").asText();
    assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, URL-safe Base64: " + secret);
    return new String[] {j.path("workerId").asText(), secret};
  }

  static JsonNode lease(String token, String workerId, String secret) throws Exception {
    HttpResponse<String> r =
        post("/api/v1/fleet/workers/" + workerId + "/lease", token, secret, "{}");
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> heartbeat(String token, String leaseId, String secret)
      throws Exception {
    return post(
        "/api/v1/fleet/leases/" + leaseId + "/heartbeat",
        token,
        secret,
        "{\"epochs\":[{\"epoch\":1,\"metrics\":{\"validation:objective_loss\":0.5}}]}");
  }

  static HttpResponse<String> upload(
      String token, String leaseId, String secret, String name, HttpRequest.BodyPublisher body)
      throws Exception {
    return send(
        "PUT", "/api/v1/fleet/leases/" + leaseId + "/artifact?name=" + name, token, secret, body);
  }

  static JsonNode trial(JsonNode assignment) throws Exception {
    HttpResponse<String> r =
        send(
            "GET",
            "/api/v1/tuning-jobs/"
                + assignment.path("jobId").asText()
                + "/trials/"
                + assignment.path("trialNumber").asInt(),
            admin,
            null,
            HttpRequest.BodyPublishers.noBody());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  static void submit(String name, int trials) throws Exception {
    HttpResponse<String> r =
        post("/api/v1/tuning-jobs", admin, null, TestData.job(name, "random", trials, trials));
    assertEquals(201, r.statusCode(), r.body());
  }

  static JsonNode forbidden(HttpResponse<String> r, String field) throws Exception {
    JsonNode p = ServerFixture.problem(r, 403);
    assertEquals(field, p.path("field").asText(), r.body());
    return p;
  }

  @Test
  void aNameBelongsToTheTokenThatRegisteredItAndARestartGetsANewSecret() throws Exception {
    submit("ident-names", 2);
    String[] a = register(tokenA, "wa", "boot-1");
    JsonNode l = lease(tokenA, "wa", a[1]);
    String leaseId = l.path("leaseId").asText();

    JsonNode p =
        forbidden(
            post(
                "/api/v1/fleet/workers",
                tokenB,
                null,
                "{\"name\":\"wa\",\"slots\":1,\"bootId\":\"boot-b\"}"),
            "name");
    assertTrue(p.path("detail").asText().contains("registered by another token"), p.toString());
    assertTrue(p.path("detail").asText().contains("admin token"), p.toString());
    // the owner's lease lives on: not expired by the refused registration
    HttpResponse<String> hb = heartbeat(tokenA, leaseId, a[1]);
    assertEquals(200, hb.statusCode(), hb.body());
    assertEquals("CONTINUE", JSON.readTree(hb.body()).path("directive").asText(), hb.body());
    JsonNode t = trial(l);
    assertEquals("IN_PROGRESS", t.path("state").asText(), t.toString());
    assertEquals(0, t.path("attempt").asInt(), t.toString());

    // the same token again with the same boot (a retried registration): the lease lives on
    String[] again = register(tokenA, "wa", "boot-1");
    assertNotEquals(a[1], again[1], "each registration gets a new secret");
    forbidden(heartbeat(tokenA, leaseId, a[1]), SECRET);
    assertEquals(
        "CONTINUE",
        JSON.readTree(heartbeat(tokenA, leaseId, again[1]).body()).path("directive").asText());
    // a restart (new boot): the old secret is refused, the old lease is lost, the worker goes on
    String[] restarted = register(tokenA, "wa", "boot-2");
    forbidden(heartbeat(tokenA, leaseId, again[1]), SECRET);
    forbidden(post("/api/v1/fleet/workers/wa/lease", tokenA, again[1], "{}"), SECRET);
    assertEquals(
        "LOST",
        JSON.readTree(heartbeat(tokenA, leaseId, restarted[1]).body()).path("directive").asText());
    assertEquals(1, trial(l).path("attempt").asInt(), "the restart's lease expired at once");
    lease(tokenA, "wa", restarted[1]);

    // an admin token may take the name over (and acts without a secret)
    String[] taken = register(admin, "wa", "boot-admin");
    assertEquals("wa", taken[0]);
    forbidden(
        post(
            "/api/v1/fleet/workers",
            tokenA,
            null,
            "{\"name\":\"wa\",\"slots\":1,\"bootId\":\"boot-3\"}"),
        "name");
    // the service's own slots' name is no token's to take
    String local =
        LocalWorkerName.of(
            java.net.InetAddress.getLocalHost().getHostName(), dir.resolve("state"), null);
    server.fleet().register(local, local, 1, "boot");
    forbidden(
        post(
            "/api/v1/fleet/workers",
            tokenB,
            null,
            "{\"name\":\"" + local + "\",\"slots\":1,\"bootId\":\"b\"}"),
        "name");
  }

  @Test
  void aLeaseBelongsToTheWorkerThatTookIt() throws Exception {
    submit("ident-leases", 2);
    String[] a = register(tokenA, "wa2", "boot");
    String[] b = register(tokenB, "wb2", "boot");
    JsonNode la = lease(tokenA, "wa2", a[1]);
    String leaseA = la.path("leaseId").asText();

    // B, with its own valid secret, on A's lease and in A's name
    forbidden(heartbeat(tokenB, leaseA, b[1]), SECRET);
    forbidden(
        upload(
            tokenB,
            leaseA,
            b[1],
            "model.vernier",
            HttpRequest.BodyPublishers.ofByteArray(new byte[10])),
        SECRET);
    String done = "{\"outcome\":\"COMPLETED\",\"objective\":0.1}";
    forbidden(post("/api/v1/fleet/leases/" + leaseA + "/report", tokenB, b[1], done), SECRET);
    forbidden(post("/api/v1/fleet/workers/wa2/lease", tokenB, b[1], "{}"), SECRET);
    // A's own token without its secret, or with a wrong one
    JsonNode missing = forbidden(heartbeat(tokenA, leaseA, null), SECRET);
    assertTrue(missing.path("detail").asText().contains("is required"), missing.toString());
    forbidden(heartbeat(tokenA, leaseA, "not-the-secret"), SECRET);
    forbidden(post("/api/v1/fleet/workers/wa2/lease", tokenA, null, "{}"), SECRET);
    // A's report asking for B's next trial: refused before anything is applied
    forbidden(
        post("/api/v1/fleet/leases/" + leaseA + "/report?next=wb2", tokenA, a[1], done), "next");
    JsonNode t = trial(la);
    assertEquals("IN_PROGRESS", t.path("state").asText(), "A's trial unaffected: " + t);
    assertEquals(0, t.path("attempt").asInt(), t.toString());
    assertEquals(0, t.path("epochs").asInt(), "B's heartbeat stored nothing: " + t);
    assertEquals(
        "CONTINUE",
        JSON.readTree(heartbeat(tokenA, leaseA, a[1]).body()).path("directive").asText());
    // an admin token acts without a secret
    assertEquals(200, heartbeat(admin, leaseA, null).statusCode());

    // B may not claim the file A uploaded for its own trial
    byte[] model = "a model's bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> up =
        upload(
            tokenA, leaseA, a[1], "model.vernier", HttpRequest.BodyPublishers.ofByteArray(model));
    assertEquals(200, up.statusCode(), up.body());
    String path = JSON.readTree(up.body()).path("path").asText();
    // the worker protocol's answers are not rewritten to hide paths: the stored file's own path
    assertTrue(
        path.startsWith(dir.resolve("state").toString()) && path.contains("/artifacts/sha256/"),
        "the stored file: " + path);
    JsonNode lb = lease(tokenB, "wb2", b[1]);
    String claim =
        "{\"outcome\":\"COMPLETED\",\"objective\":0.2,\"artifactPath\":\"" + path + "\"}";
    forbidden(
        post(
            "/api/v1/fleet/leases/" + lb.path("leaseId").asText() + "/report", tokenB, b[1], claim),
        "artifactPath");
    assertEquals("IN_PROGRESS", trial(lb).path("state").asText());

    // A reports its own trial with the path as it was answered, asking for its own next trial
    String own = "{\"outcome\":\"COMPLETED\",\"objective\":0.1,\"artifactPath\":\"" + path + "\"}";
    HttpResponse<String> r =
        post("/api/v1/fleet/leases/" + leaseA + "/report?next=wa2", tokenA, a[1], own);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("ACCEPTED", JSON.readTree(r.body()).path("ack").asText(), r.body());
    assertEquals("COMPLETED", trial(la).path("state").asText());
    HttpResponse<byte[]> download =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.url()
                            + "/api/v1/tuning-jobs/"
                            + la.path("jobId").asText()
                            + "/trials/"
                            + la.path("trialNumber").asInt()
                            + "/model"))
                .header("Authorization", "Bearer " + admin)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, download.statusCode(), new String(download.body()));
    assertArrayEquals(model, download.body(), "the uploaded file is the trial's model");
  }

  @Test
  void anUploadOverTheLimitIs413AndLeavesNothingBehind() throws Exception {
    submit("ident-uploads", 1);
    String[] w = register(tokenA, "wu", "boot");
    String leaseId = lease(tokenA, "wu", w[1]).path("leaseId").asText();
    byte[] big = new byte[(int) LIMIT * 3 / 2 + 7];
    new java.util.Random(1).nextBytes(big);
    Path artifacts = dir.resolve("state").resolve("artifacts");
    long before = files(artifacts);

    // declared with Content-Length: refused before a byte is read
    JsonNode p =
        ServerFixture.problem(
            upload(
                tokenA,
                leaseId,
                w[1],
                "model.vernier",
                HttpRequest.BodyPublishers.ofByteArray(big)),
            413);
    assertEquals("body", p.path("field").asText(), p.toString());
    String detail = p.path("detail").asText();
    assertTrue(detail.contains(String.valueOf(LIMIT)), "names the limit: " + detail);
    assertTrue(detail.contains("--max-artifact-bytes"), "names the option: " + detail);
    assertTrue(detail.contains(String.valueOf(big.length)), "names the size seen: " + detail);
    // streamed without a length (chunked): counted as it comes, refused past the limit
    p =
        ServerFixture.problem(
            upload(
                tokenA,
                leaseId,
                w[1],
                "model.vernier",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))),
            413);
    assertTrue(p.path("detail").asText().contains(String.valueOf(big.length)), p.toString());
    assertEquals(before, files(artifacts), "no partial or temporary file is left");

    // names never leave the store's folder
    for (String name :
        new String[] {"..%2Fx", "%2Fetc%2Fpasswd", "a%2Fb", "..", ".hidden", "a%00b"}) {
      JsonNode bad =
          ServerFixture.problem(
              upload(
                  tokenA, leaseId, w[1], name, HttpRequest.BodyPublishers.ofByteArray(new byte[3])),
              400);
      assertEquals("name", bad.path("field").asText(), name + ": " + bad);
    }
    assertEquals(before, files(artifacts));

    // the lease goes on: a file within the limit is stored (exactly at the limit too)
    byte[] fits = java.util.Arrays.copyOf(big, (int) LIMIT);
    HttpResponse<String> ok =
        upload(
            tokenA,
            leaseId,
            w[1],
            "model.vernier",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(fits)));
    assertEquals(200, ok.statusCode(), ok.body());
    Path stored = dir.resolve("state").resolve(JSON.readTree(ok.body()).path("path").asText());
    assertArrayEquals(fits, Files.readAllBytes(stored));
    assertEquals(before + 1, files(artifacts));
    assertEquals(
        "CONTINUE",
        JSON.readTree(heartbeat(tokenA, leaseId, w[1]).body()).path("directive").asText());
  }

  /**
   * A real {@code vernier worker} process with a worker token (not an admin's, which needs no
   * secret) runs a job to its end: its calls carry the secret, and its reports name its uploads as
   * they were answered, so the best model can be downloaded.
   */
  @Test
  void aRemoteWorkerWithAWorkerTokenRunsAJobToItsEnd() throws Exception {
    submit("ident-remote", 2);
    Path log = dir.resolve("worker.log");
    Process worker =
        Processes.vernier(
            log,
            "worker",
            "--server",
            server.url().toString(),
            "--token",
            tokenB,
            "--name",
            "remote-1",
            "--backend",
            "java",
            "--threads-per-slot",
            "1",
            "--work-dir",
            dir.resolve("remote-work").toString(),
            "--data-root",
            dir.resolve("datasets").toString());
    try {
      JsonNode job = null;
      long deadline = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < deadline) {
        job =
            JSON.readTree(
                send(
                        "GET",
                        "/api/v1/tuning-jobs/ident-remote",
                        admin,
                        null,
                        HttpRequest.BodyPublishers.noBody())
                    .body());
        if (!List.of("PENDING", "IN_PROGRESS").contains(job.path("state").asText())) {
          break;
        }
        Thread.sleep(200);
      }
      assertEquals("COMPLETED", job.path("state").asText(), job + "\n" + Files.readString(log));
      HttpResponse<byte[]> best =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(server.url() + "/api/v1/tuning-jobs/ident-remote/best/model"))
                  .header("Authorization", "Bearer " + admin)
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, best.statusCode(), new String(best.body()));
      assertTrue(best.body().length > 0);
    } finally {
      Processes.kill9(worker);
    }
  }

  private static long files(Path root) throws Exception {
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
