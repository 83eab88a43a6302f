package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.security.Role;
import dev.vernier.app.security.storage.SqlTokenStore;
import dev.vernier.platform.db.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on real processes: the service killed with SIGKILL in the middle of a job and restarted, a
 * remote worker killed mid-trial. Each job must end with exactly its max trials, each counted once.
 */
class CrashTest {
  @TempDir Path dir;
  Path data;
  Path state;
  Path log;
  String token;
  Process server;
  Process worker;

  @BeforeEach
  void setUp() throws Exception {
    data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 2000, 1);
    TestData.csv(data, "val.csv", 400, 2);
    state = dir.resolve("state");
    log = dir.resolve("processes.log");
    try (Database db = Database.sqlite(state.resolve("vernier.db"))) {
      SqlTokenStore tokens =
          new SqlTokenStore(db.dataSource(), db.dialect(), java.time.Clock.systemUTC());
      tokens.create(Role.ADMIN, "bootstrap", 0); // so the service prints none
      token = tokens.create(Role.ADMIN, "test", 0);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : new Process[] {server, worker}) {
      if (p != null && p.isAlive()) {
        Processes.kill9(p);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  Process serve(int port, int slots) throws IOException {
    return Processes.vernier(
        log,
        "serve",
        "--port",
        String.valueOf(port),
        "--data",
        state.toString(),
        "--data-root",
        data.toString(),
        "--slots",
        String.valueOf(slots),
        "--backend",
        "java",
        "--threads-per-slot",
        "1",
        "--heartbeat-seconds",
        "1");
  }

  ApiClient waitUp(int port) throws Exception {
    ApiClient api = new ApiClient("http://127.0.0.1:" + port, token);
    for (int i = 0; i < 300; i++) {
      try {
        api.get("/api/v1/tuning-jobs");
        return api;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the service did not start; log:\n" + Files.readString(log));
  }

  JsonNode waitFor(
      ApiClient api, String id, java.util.function.Predicate<JsonNode> done, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    JsonNode j = null;
    while (System.nanoTime() < deadline) {
      try {
        j = api.get("/api/v1/tuning-jobs/" + id).body();
        if (done.test(j)) {
          return j;
        }
      } catch (IOException e) {
        // the service is restarting
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "timed out waiting on " + id + ": " + j + "\nlog:\n" + Files.readString(log));
  }

  static int ended(JsonNode j) {
    JsonNode by = j.path("trials").path("byState");
    return by.path("COMPLETED").asInt() + by.path("STOPPED").asInt() + by.path("FAILED").asInt();
  }

  void assertExactlyOnce(ApiClient api, String id, int max, int epochs) throws Exception {
    JsonNode trials = api.get("/api/v1/tuning-jobs/" + id + "/trials").body().path("trials");
    assertEquals(max, trials.size(), trials.toString());
    Set<Integer> numbers = new HashSet<>();
    for (JsonNode t : trials) {
      assertTrue(numbers.add(t.path("number").asInt()), "trial number twice: " + trials);
      assertEquals("COMPLETED", t.path("state").asText(), t.toString());
      JsonNode detail =
          api.get("/api/v1/tuning-jobs/" + id + "/trials/" + t.path("number").asInt()).body();
      int attempt = t.path("attempt").asInt();
      long epochsOfAttempt = 0;
      for (JsonNode m : detail.path("metrics")) {
        if (m.path("attempt").asInt() == attempt) {
          epochsOfAttempt++;
        }
      }
      assertEquals(
          epochs, epochsOfAttempt, "each epoch of the counted attempt is stored once: " + detail);
    }
  }

  @Test
  void aServiceKilledMidJobResumesAndRunsExactlyMaxTrials() throws Exception {
    int port = freePort();
    server = serve(port, 1);
    ApiClient api = waitUp(port);
    api.post("/api/v1/tuning-jobs", TestData.job("crash-1", "bayesian", 10, 1));
    waitFor(api, "crash-1", j -> ended(j) >= 3, 120);
    Processes.kill9(server);
    server = serve(port, 1);
    api = waitUp(port);
    JsonNode j = waitFor(api, "crash-1", x -> x.path("state").asText().equals("COMPLETED"), 180);
    assertEquals(10, j.path("trials").path("created").asInt(), j.toString());
    assertExactlyOnce(api, "crash-1", 10, 4);
  }

  /** A registered training command: three half-second epochs printing loss=..., from HP x. */
  Path slowCommand() throws IOException {
    Path s = dir.resolve("slow-train.sh");
    Files.writeString(
        s,
        "#!/bin/sh\n"
            + "for i in 1 2 3; do sleep 0.5; awk -v x=\"$VERNIER_HP_X\" -v i=$i"
            + " 'BEGIN { printf \"epoch %d loss=%.6f\\n\", i, (x - 0.3) ^ 2 + 1 / i }'; done\n");
    Files.setPosixFilePermissions(
        s, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return s;
  }

  static String commandJob(String name, int maxTrials) {
    return """
        {"name": "%s", "command": "slow",
         "channels": {"train": {"path": "train.csv"}},
         "objective": {"metric": "validation:loss", "type": "Minimize"},
         "metricDefinitions": [{"name": "validation:loss", "regex": "loss=([0-9.]+)"}],
         "parameterRanges": {"x": {"type": "continuous", "min": 0, "max": 1}},
         "strategy": "random", "limits": {"maxTrials": %d, "maxParallelTrials": 1}, "seed": 3}
        """
        .formatted(name, maxTrials);
  }

  @Test
  void aRemoteWorkerKilledMidTrialIsReplacedAndTheTrialRetriedOnce() throws Exception {
    int port = freePort();
    String command = "slow=" + slowCommand();
    server =
        Processes.vernier(
            log,
            "serve",
            "--port",
            String.valueOf(port),
            "--data",
            state.toString(),
            "--data-root",
            data.toString(),
            "--slots",
            "0",
            "--heartbeat-seconds",
            "1",
            "--command",
            command);
    ApiClient api = waitUp(port);
    String[] workerArgs = {
      "worker",
      "--server",
      "http://127.0.0.1:" + port,
      "--token",
      token,
      "--name",
      "w1",
      "--backend",
      "java",
      "--threads-per-slot",
      "1",
      "--work-dir",
      dir.resolve("w").toString(),
      "--command",
      command
    };
    worker = Processes.vernier(log, workerArgs);
    api.post("/api/v1/tuning-jobs", commandJob("crash-2", 4));
    // each trial runs 1.5 s: the second one is certainly running when the worker dies
    waitFor(
        api,
        "crash-2",
        x -> x.path("trials").path("byState").path("IN_PROGRESS").asInt() == 1 && ended(x) == 1,
        120);
    Processes.kill9(worker);
    worker = Processes.vernier(log, workerArgs);
    // `tune watch` follows it to the end: lines with each running trial's epoch and loss
    String[] watch =
        ServerFixture.cli(
            "tune",
            "watch",
            "crash-2",
            "--interval",
            "0.2",
            "--server",
            "http://127.0.0.1:" + port,
            "--token",
            token);
    assertEquals("0", watch[0], watch[1] + watch[2]);
    assertTrue(
        watch[1].lines().anyMatch(l -> l.matches(".*running 1, .*; trial \\d epoch [1-3] 1\\..*")),
        "a running trial's epoch and metric: " + watch[1]);
    assertTrue(watch[1].contains("crash-2 COMPLETED: trials done 4/4 (0 failed)"), watch[1]);
    JsonNode j = waitFor(api, "crash-2", x -> x.path("state").asText().equals("COMPLETED"), 180);
    assertEquals(4, j.path("trials").path("created").asInt());
    assertExactlyOnce(api, "crash-2", 4, 3);
    JsonNode trials = api.get("/api/v1/tuning-jobs/crash-2/trials").body().path("trials");
    int retried = 0;
    for (JsonNode t : trials) {
      retried += t.path("attempt").asInt();
    }
    assertEquals(1, retried, "exactly the killed trial was retried: " + trials);
    // the worker prints a line as each trial starts and ends; the service logs each end at INFO
    String text = Files.readString(log);
    assertTrue(text.contains("worker w1 joined http://127.0.0.1:" + port), text);
    assertTrue(text.matches("(?s).*\ntrial crash-2/\\d started: slow \\{x=[0-9.]+}\n.*"), text);
    assertTrue(
        text.matches("(?s).*\ntrial crash-2/\\d started \\(attempt 2\\): slow .*"),
        "the retried trial says which attempt it is: " + text);
    assertTrue(
        text.matches("(?s).*\ntrial crash-2/\\d COMPLETED: validation:loss [0-9.]+\n.*"), text);
    assertTrue(
        text.matches("(?s).*job=crash-2 trial=\\d COMPLETED objective=[0-9.]+.*"),
        "the service logs each trial's end: " + text);
  }
}
