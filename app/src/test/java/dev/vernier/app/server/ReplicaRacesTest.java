package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.json.Json;
import dev.vernier.platform.db.DatabaseConfig;
import dev.vernier.platform.db.PostgresServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (in-process servers) on one PostgreSQL database answering the same request at the
 * same moment: each race starts both requests from a {@link CyclicBarrier} and runs a few rounds.
 *
 * <ul>
 *   <li>The same SageMaker-named job submitted to both: one 201, the other a 409 {@code
 *       already-exists} problem on {@code HyperParameterTuningJobName} naming the job; one job row.
 *   <li>Stopping one job on both. Today's semantics: a stop is idempotent until the job has ended
 *       (a second stop answers 200 with the job as it is, {@code stopRequested} true), and a stop
 *       after it ended is a 409 {@code already-finished} problem on {@code id}. So both answer 200,
 *       or the later one 409 when the scheduler ended the job between them; the job ends STOPPED,
 *       and a stop after that is a 409.
 *   <li>Two workers, registered on different replicas, leasing at once with one pending trial: one
 *       gets it (200), the other 204 (nothing to run); one ACTIVE lease row.
 * </ul>
 */
class ReplicaRacesTest {
  static final int ROUNDS = 4;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  Path data;
  String url;
  String user;
  VernierServer a;
  VernierServer b;
  String token;
  ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void setUp() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    url = pg.newDatabase();
    user = pg.user();
    data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 200, 1);
    TestData.csv(data, "val.csv", 100, 2);
    a = replica("a", Duration.ofMillis(100));
    token = a.firstAdminToken();
    // B answers requests but schedules nothing after its first tick: what the races show is the
    // requests' doing, whichever replica's scheduler runs
    b = replica("b", Duration.ofHours(1));
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    for (VernierServer s : new VernierServer[] {a, b}) {
      if (s != null) {
        s.close();
      }
    }
  }

  VernierServer replica(String name, Duration tick) throws Exception {
    ServerSettings s =
        ServerSettings.of("127.0.0.1", 0, dir.resolve(name), List.of(data), 0)
            .withHeartbeat(Duration.ofSeconds(1))
            .withTick(tick)
            .withDatabase(new DatabaseConfig(url, user, null))
            .withReplicaId(name)
            .withArtifactsDir(dir.resolve("shared-artifacts"));
    return VernierServer.start(
        s, Clock.systemUTC(), new PrintStream(PrintStream.nullOutputStream()));
  }

  HttpResponse<String> send(VernierServer s, String method, String path, String body)
      throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(s.url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code first} on A and {@code second} on B released together; answers both. */
  List<HttpResponse<String>> race(
      Callable<HttpResponse<String>> first, Callable<HttpResponse<String>> second)
      throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<HttpResponse<String>>> f = new ArrayList<>();
    for (Callable<HttpResponse<String>> c : List.of(first, second)) {
      f.add(
          pool.submit(
              () -> {
                start.await(10, TimeUnit.SECONDS);
                return c.call();
              }));
    }
    return List.of(f.get(0).get(30, TimeUnit.SECONDS), f.get(1).get(30, TimeUnit.SECONDS));
  }

  long count(String sql) throws Exception {
    return PostgresServeTest.count(url, user, sql);
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  @Timeout(120)
  void theSameSageMakerJobSubmittedToBothReplicasIsCreatedOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String name = "sm-race-" + round;
      String req = ServerFixture.sagemakerRequest(name, "s3://train.csv", "S3Prefix");
      String path = "/api/v1/tuning-jobs?format=sagemaker";
      List<HttpResponse<String>> r =
          race(() -> send(a, "POST", path, req), () -> send(b, "POST", path, req));
      List<Integer> statuses = List.of(r.get(0).statusCode(), r.get(1).statusCode());
      assertTrue(
          statuses.equals(List.of(201, 409)) || statuses.equals(List.of(409, 201)),
          "one 201 and one 409: " + statuses + " " + r.get(0).body() + " " + r.get(1).body());
      HttpResponse<String> loser = r.get(0).statusCode() == 409 ? r.get(0) : r.get(1);
      JsonNode p = json(loser);
      assertTrue(
          loser.headers().firstValue("Content-Type").orElse("").startsWith("application/problem"),
          loser.headers().toString());
      assertEquals("https://vernier.dev/problems/already-exists", p.path("type").asText(), p + "");
      assertEquals("HyperParameterTuningJobName", p.path("field").asText(), p.toString());
      assertTrue(p.path("detail").asText().contains(name), "the problem names the job: " + p);
      assertEquals(1, count("SELECT count(*) FROM tuning_job WHERE id = '" + name + "'"));
    }
  }

  @Test
  @Timeout(120)
  void stoppingAJobOnBothReplicasStopsItOnce() throws Exception {
    List<String> answers = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      String name = "stop-race-" + round;
      assertEquals(
          201,
          send(a, "POST", "/api/v1/tuning-jobs", TestData.job(name, "random", 5, 2)).statusCode());
      String path = "/api/v1/tuning-jobs/" + name + "/stop";
      List<HttpResponse<String>> r =
          race(() -> send(a, "POST", path, null), () -> send(b, "POST", path, null));
      answers.add(r.get(0).statusCode() + "/" + r.get(1).statusCode());
      int ok = 0;
      for (HttpResponse<String> x : r) {
        if (x.statusCode() == 200) {
          ok++;
          // the job as it is: stop requested (the scheduler has yet to act on it), or ended
          JsonNode j = json(x);
          assertTrue(
              j.path("stopRequested").asBoolean() || j.path("state").asText().equals("STOPPED"),
              x.body());
        } else {
          assertEquals(409, x.statusCode(), x.body());
          JsonNode p = json(x);
          assertEquals("https://vernier.dev/problems/already-finished", p.path("type").asText());
          assertEquals("id", p.path("field").asText(), x.body());
        }
      }
      assertTrue(ok >= 1, "at least the first stop succeeds: " + r.get(0).body() + r.get(1).body());
      String ended =
          "SELECT count(*) FROM tuning_job WHERE id = '"
              + name
              + "' AND state = 'STOPPED' AND ended_at IS NOT NULL";
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (count(ended) != 1) {
        assertTrue(System.nanoTime() < until, "the job did not end STOPPED within 30 s");
        Thread.sleep(50);
      }
      HttpResponse<String> again = send(b, "POST", path, null);
      assertEquals(409, again.statusCode(), "a stop after the end: " + again.body());
      assertEquals(
          0,
          count(
              "SELECT count(*) FROM trial WHERE job_id = '"
                  + name
                  + "' AND state NOT IN ('STOPPED', 'COMPLETED', 'FAILED')"),
          "no trial of the stopped job is left running or pending");
    }
    System.out.println("ReplicaRacesTest: stop answers (A/B) per round " + answers);
  }

  @Test
  @Timeout(120)
  void twoWorkersOnTwoReplicasLeasingTheOnePendingTrialGetItOnce() throws Exception {
    assertEquals(
        200,
        send(a, "POST", "/api/v1/fleet/workers", "{\"name\":\"wa\",\"slots\":1,\"bootId\":\"a1\"}")
            .statusCode());
    assertEquals(
        200,
        send(b, "POST", "/api/v1/fleet/workers", "{\"name\":\"wb\",\"slots\":1,\"bootId\":\"b1\"}")
            .statusCode());
    int wonByA = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String name = "lease-race-" + round;
      assertEquals(
          201,
          send(a, "POST", "/api/v1/tuning-jobs", TestData.job(name, "random", 1, 1)).statusCode());
      String pending =
          "SELECT count(*) FROM trial WHERE job_id = '" + name + "' AND state = 'PENDING'";
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (count(pending) != 1) {
        assertTrue(System.nanoTime() < until, "no pending trial within 30 s");
        Thread.sleep(20);
      }
      List<HttpResponse<String>> r =
          race(
              () -> send(a, "POST", "/api/v1/fleet/workers/wa/lease", "{}"),
              () -> send(b, "POST", "/api/v1/fleet/workers/wb/lease", "{}"));
      List<Integer> statuses = List.of(r.get(0).statusCode(), r.get(1).statusCode());
      assertTrue(
          statuses.equals(List.of(200, 204)) || statuses.equals(List.of(204, 200)),
          "one lease and one 'nothing to run': " + statuses + " " + r.get(0).body());
      HttpResponse<String> winner = r.get(0).statusCode() == 200 ? r.get(0) : r.get(1);
      wonByA += winner == r.get(0) ? 1 : 0;
      String active =
          "SELECT count(*) FROM lease l JOIN trial t ON t.id = l.trial_id WHERE t.job_id = '"
              + name
              + "' AND l.state = 'ACTIVE'";
      assertEquals(1, count(active), "one ACTIVE lease row");
      assertEquals(
          1,
          count(
              "SELECT count(*) FROM lease l JOIN trial t ON t.id = l.trial_id WHERE t.job_id = '"
                  + name
                  + "'"));
      // the trial ends, so the next round's job has the only pending trial
      String leaseId = json(winner).path("leaseId").asText();
      JsonNode ack =
          json(
              send(
                  winner == r.get(0) ? b : a,
                  "POST",
                  "/api/v1/fleet/leases/" + leaseId + "/report",
                  "{\"outcome\":\"COMPLETED\",\"objective\":0.5}"));
      assertEquals("ACCEPTED", ack.path("ack").asText(), ack.toString());
    }
    System.out.printf(
        "ReplicaRacesTest: the lease race was won %d time(s) by replica a, %d by b%n",
        wonByA, ROUNDS - wonByA);
  }
}
