package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.fleet.HttpFleetClient;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.platform.db.DatabaseConfig;
import dev.vernier.platform.db.PostgresServer;
import dev.vernier.worker.runtime.RegisteredCommand;
import dev.vernier.worker.runtime.WorkerRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote worker given several servers ({@code vernier worker --server A --server B}): two real
 * in-process replicas on one PostgreSQL database. The worker moves to the next server when the one
 * it talks to cannot be reached (one line each time), never on an HTTP error; a report repeated on
 * another replica is DUPLICATE and done. Bad {@code --server} values are exit 2 naming the option.
 */
class WorkerFailoverTest {
  @TempDir Path dir;
  Path data;
  String url;
  String user;
  VernierServer a;
  VernierServer b;
  WorkerRuntime worker;

  @BeforeEach
  void setUp() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    url = pg.newDatabase();
    user = pg.user();
    data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 200, 1);
    TestData.csv(data, "val.csv", 100, 2);
  }

  @AfterEach
  void tearDown() {
    for (AutoCloseable c : new AutoCloseable[] {worker, a, b}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closed already
      }
    }
  }

  /**
   * A replica on the shared database and artifacts folder: its own folder and replica id, no slots,
   * a 1 s heartbeat (a lease lasts 3 s).
   */
  VernierServer replica(String name, Duration tick, Map<String, String> commands) throws Exception {
    ServerSettings s =
        ServerSettings.of("127.0.0.1", 0, dir.resolve(name), List.of(data, dir), 0)
            .withCommands(registered(commands))
            .withHeartbeat(Duration.ofSeconds(1))
            .withTick(tick)
            .withDatabase(new DatabaseConfig(url, user, null))
            .withReplicaId(name)
            .withArtifactsDir(dir.resolve("shared-artifacts"));
    return VernierServer.start(
        s, Clock.systemUTC(), new PrintStream(PrintStream.nullOutputStream()));
  }

  static Map<String, RegisteredCommand> registered(Map<String, String> commands) {
    Map<String, RegisteredCommand> out = new java.util.LinkedHashMap<>();
    commands.forEach((n, p) -> out.put(n, RegisteredCommand.parse(n + "=" + p)));
    return out;
  }

  static String base(VernierServer s) {
    return s.url().toString();
  }

  WorkerRuntime worker(ApiClient api, String name, Map<String, String> commands) throws Exception {
    WorkerRuntime w =
        new WorkerRuntime(
            new HttpFleetClient(api),
            new WorkerRuntime.Settings(
                name,
                1,
                "java",
                1,
                dir.resolve("work-" + name),
                Duration.ofMillis(50),
                registered(commands),
                List.of()),
            Clock.systemUTC());
    w.start();
    return w;
  }

  static JsonNode waitFor(ApiClient api, String path, Predicate<JsonNode> done, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    JsonNode j = null;
    while (System.nanoTime() < deadline) {
      try {
        j = api.get(path).body();
        if (done.test(j)) {
          return j;
        }
      } catch (ApiClient.Rejected e) {
        assertEquals(404, e.status(), e.getMessage()); // not made yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting on " + path + ": " + j);
  }

  long count(String sql) throws Exception {
    return PostgresServeTest.count(url, user, sql);
  }

  @Test
  @Timeout(120)
  void aWorkerGivenAClosedAndALiveServerRegistersAndRunsAJobOnTheLiveOne() throws Exception {
    a = replica("a", Duration.ofMillis(100), Map.of());
    String token = a.firstAdminToken();
    String closed = base(a);
    a.close();
    b = replica("b", Duration.ofMillis(100), Map.of());
    List<String> lines = new CopyOnWriteArrayList<>();
    ApiClient api = new ApiClient(List.of(closed, base(b)), token, lines::add);
    worker = worker(api, "w1", Map.of());
    assertEquals(1, lines.size(), "one switch: " + lines);
    assertTrue(
        lines.get(0).matches("server " + closed + "/? did not answer \\(.+\\); switching to .+"),
        lines.get(0));
    assertTrue(lines.get(0).endsWith(base(b) + (base(b).endsWith("/") ? "" : "/")), lines.get(0));

    ApiClient direct = new ApiClient(base(b), token);
    // an HTTP error is an answer: a taken name is 409 and the client stays where it is
    direct.post("/api/v1/tuning-jobs", TestData.job("fo-1", "random", 3, 1));
    ApiClient.Rejected taken =
        org.junit.jupiter.api.Assertions.assertThrows(
            ApiClient.Rejected.class,
            () -> api.post("/api/v1/tuning-jobs", TestData.job("fo-1", "random", 3, 1)));
    assertEquals(409, taken.status());
    JsonNode j =
        waitFor(
            direct,
            "/api/v1/tuning-jobs/fo-1",
            x -> x.path("state").asText().equals("COMPLETED"),
            90);
    assertEquals(3, j.path("trials").path("byState").path("COMPLETED").asInt(), j.toString());
    assertEquals(1, lines.size(), "no switch while B answers: " + lines);
    worker.close();
    worker = null;

    // a report repeated on another replica (what a retry after a broken connection does) is
    // DUPLICATE: the worker's client takes it as done, the trial counts once
    direct.post("/api/v1/tuning-jobs", TestData.job("fo-2", "random", 1, 1));
    HttpFleetClient manual = new HttpFleetClient(api);
    String id = manual.register("manual", 1, "boot-1");
    long until = System.nanoTime() + 30_000_000_000L;
    Optional<TrialAssignment> lease = manual.lease(id);
    while (lease.isEmpty()) {
      assertTrue(System.nanoTime() < until, "no trial to lease within 30 s");
      Thread.sleep(50);
      lease = manual.lease(id);
    }
    String leaseId = lease.get().leaseId();
    TrialReport done = new TrialReport(TrialReport.Outcome.COMPLETED, 0.25, null, null, null);
    manual.report(leaseId, done);
    manual.report(leaseId, done); // DUPLICATE: no exception
    assertEquals(Optional.empty(), manual.reportAndLease(leaseId, done, id));
    JsonNode ack = direct.post("/api/v1/fleet/leases/" + leaseId + "/report", json(done)).body();
    assertEquals("DUPLICATE", ack.path("ack").asText(), ack.toString());
    assertEquals(
        1, count("SELECT count(*) FROM lease WHERE id = '" + leaseId + "' AND state = 'REPORTED'"));
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM trial WHERE job_id = 'fo-2' AND state = 'COMPLETED'"
                + " AND objective = 0.25"));
  }

  static String json(TrialReport r) throws IOException {
    return dev.vernier.core.json.Json.MAPPER.writeValueAsString(r);
  }

  /** Three one-second epochs printing loss=..., from HP x. */
  Path slowCommand() throws IOException {
    Path s = dir.resolve("slow-train.sh");
    Files.writeString(
        s,
        "#!/bin/sh\n"
            + "for i in 1 2 3; do sleep 1; awk -v x=\"$VERNIER_HP_X\" -v i=$i"
            + " 'BEGIN { printf \"epoch %d loss=%.6f\\n\", i, (x - 0.3) ^ 2 + 1 / i }'; done\n");
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
    return s;
  }

  @Test
  @Timeout(120)
  void aServerClosedMidTrialLeavesTheTrialsHeartbeatsAndReportToTheOther() throws Exception {
    Map<String, String> commands = Map.of("slow", slowCommand().toString());
    a = replica("a", Duration.ofMillis(100), commands);
    String token = a.firstAdminToken();
    // B answers every call but schedules nothing (one tick at start, the next in an hour): the
    // trial's lease is A's scheduler's, so what B does for it is the failover's doing
    b = replica("b", Duration.ofHours(1), commands);
    String urlA = base(a);
    List<String> lines = new CopyOnWriteArrayList<>();
    ApiClient api = new ApiClient(List.of(urlA, base(b)), token, lines::add);
    worker = worker(api, "w1", commands);
    ApiClient direct = new ApiClient(base(b), token);
    direct.post("/api/v1/tuning-jobs", CrashTest.commandJob("fo-3", 1));
    waitFor(direct, "/api/v1/tuning-jobs/fo-3/trials/1", t -> t.path("metrics").size() >= 1, 60);
    assertEquals(List.of(), lines, "no switch while A answers");
    a.close();
    JsonNode t =
        waitFor(
            direct,
            "/api/v1/tuning-jobs/fo-3/trials/1",
            x -> x.path("state").asText().equals("COMPLETED"),
            60);
    assertEquals(0, t.path("attempt").asInt(), "the lease survived the switch: " + t);
    assertEquals(3, t.path("metrics").size(), "every epoch once: " + t);
    assertEquals(1, lines.size(), "one switch line: " + lines);
    assertTrue(lines.get(0).startsWith("server " + urlA), lines.get(0));
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM lease l JOIN trial t ON t.id = l.trial_id"
                + " WHERE t.job_id = 'fo-3' AND l.state = 'REPORTED'"));
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM lease l JOIN trial t ON t.id = l.trial_id"
                + " WHERE t.job_id = 'fo-3' AND l.state <> 'REPORTED'"));
  }

  @Test
  void badServerValuesAreRefusedNamingTheOption() {
    for (String[] bad :
        new String[][] {
          {"--server", "ftp://tuner:8080"},
          {"--server", "http://a:8080,not a url"},
          {"--server", "http://a:8080", "--server", "http://a:8080/"},
          {"--server", "http://a:8080,"}
        }) {
      String[] args = new String[bad.length + 3];
      System.arraycopy(bad, 0, args, 0, bad.length);
      args[bad.length] = "--token";
      args[bad.length + 1] = "t";
      args[bad.length + 2] = "--backend=java";
      String[] r = ServerFixture.cli(prepend("worker", args));
      assertEquals("2", r[0], String.join(" ", bad) + ": " + r[1] + r[2]);
      assertTrue(r[2].contains("--server"), r[2]);
      if (bad[bad.length - 1].endsWith(",")) {
        assertTrue(r[2].contains("empty item"), r[2]);
      }
    }
  }

  static String[] prepend(String first, String[] rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
