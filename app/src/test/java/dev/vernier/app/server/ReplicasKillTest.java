package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.app.fleet.ApiClient;
import dev.vernier.platform.db.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code vernier serve} replicas as separate processes on one PostgreSQL database, sharing one
 * artifacts folder, with three remote {@code vernier worker} processes that each know both (in
 * different orders). A 40-trial random job runs; when 10 trials have ended the replica holding the
 * job's scheduling lease ({@code tuning_job.scheduler_replica}) is killed with SIGKILL. The
 * survivor takes the job over, the workers that talked to the dead one move to the survivor, and
 * the job completes with exactly 40 trials, numbered 1..40, 40 distinct configurations, each run
 * and reported once: every fact is read from PostgreSQL, not from the service's answers.
 */
class ReplicasKillTest {
  static final String JOB = "kill-1";
  static final int TRIALS = 40;

  @TempDir Path dir;
  final Map<String, Process> processes = new LinkedHashMap<>();
  String url;
  String user;

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : processes.values()) {
      if (p.isAlive()) {
        Processes.kill9(p);
      }
    }
  }

  Connection db() throws Exception {
    return DriverManager.getConnection(url, user, "");
  }

  long count(String sql) throws Exception {
    return PostgresServeTest.count(url, user, sql);
  }

  String text(String sql) throws Exception {
    try (Connection c = db();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  Process start(String name, String... args) throws IOException {
    Process p = Processes.vernier(dir.resolve(name + ".log"), args);
    processes.put(name, p);
    return p;
  }

  String logs() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String name : processes.keySet()) {
      Path log = dir.resolve(name + ".log");
      sb.append("---- ")
          .append(name)
          .append('\n')
          .append(Files.exists(log) ? Files.readString(log) : "");
    }
    return sb.toString();
  }

  void waitUntil(String what, int seconds, BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s: " + what + "\n" + logs());
      }
      Thread.sleep(25);
    }
  }

  /** The check as a condition: a failing query counts as not yet. */
  BooleanSupplier query(String sql, java.util.function.LongPredicate ok) {
    return () -> {
      try {
        return ok.test(count(sql));
      } catch (Exception e) {
        return false;
      }
    };
  }

  @Test
  @Timeout(150)
  void killingTheReplicaThatSchedulesTheJobLosesNoTrialAndRunsNoneTwice() throws Exception {
    long t0 = System.nanoTime();
    PostgresServer pg = PostgresServer.shared();
    url = pg.newDatabase();
    user = pg.user();
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 300, 1);
    TestData.csv(data, "val.csv", 100, 2);
    Path artifacts = Files.createDirectories(dir.resolve("shared-artifacts"));

    String[] created =
        ServerFixture.cli(
            "token",
            "create",
            "--role",
            "admin",
            "--description",
            "replicas",
            "--database",
            url,
            "--database-user",
            user);
    assertEquals("0", created[0], created[2]);
    String token = created[1].strip();

    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String r : List.of("a", "b")) {
      int port = CrashTest.freePort();
      ports.put(r, port);
      start(
          r,
          "serve",
          "--port",
          String.valueOf(port),
          "--data",
          dir.resolve("state-" + r).toString(),
          "--data-root",
          data.toString(),
          "--database",
          url,
          "--database-user",
          user,
          "--slots",
          "0",
          "--replica-id",
          r,
          "--artifacts",
          artifacts.toString(),
          "--heartbeat-seconds",
          "1");
    }
    String urlA = "http://127.0.0.1:" + ports.get("a");
    String urlB = "http://127.0.0.1:" + ports.get("b");
    for (String r : List.of("a", "b")) {
      ApiClient api = new ApiClient("http://127.0.0.1:" + ports.get(r), token);
      waitUntil(
          "replica " + r + " answers",
          60,
          () -> {
            try {
              api.get("/api/v1/tuning-jobs");
              return true;
            } catch (IOException e) {
              return false;
            }
          });
    }
    // three workers, each knowing both replicas: A first, B first, and A,B as one value
    List<List<String>> servers =
        List.of(
            List.of("--server", urlA, "--server", urlB),
            List.of("--server", urlB, "--server", urlA),
            List.of("--server", urlA + "," + urlB));
    for (int i = 0; i < servers.size(); i++) {
      List<String> args = new ArrayList<>(List.of("worker"));
      args.addAll(servers.get(i));
      args.addAll(
          List.of(
              "--token",
              token,
              "--name",
              "w" + (i + 1),
              "--backend",
              "java",
              "--threads-per-slot",
              "1",
              "--work-dir",
              dir.resolve("work-w" + (i + 1)).toString()));
      start("w" + (i + 1), args.toArray(String[]::new));
    }
    waitUntil("three workers registered", 60, query("SELECT count(*) FROM worker", n -> n == 3));

    long submitted = System.nanoTime();
    // bayesian proposes one slot's worth a tick (random queues 32 ahead), so most proposals of
    // the job are made around the kill, by the holder or by the survivor
    new ApiClient(urlB, token)
        .post("/api/v1/tuning-jobs", TestData.job(JOB, "bayesian", TRIALS, 4));
    String ended =
        "SELECT count(*) FROM trial WHERE job_id = '"
            + JOB
            + "' AND state IN ('COMPLETED', 'STOPPED', 'FAILED')";
    waitUntil("10 trials ended", 90, query(ended, n -> n >= 10));
    String holder = text("SELECT scheduler_replica FROM tuning_job WHERE id = '" + JOB + "'");
    assertTrue("a".equals(holder) || "b".equals(holder), "the job's holder: " + holder);
    String survivor = holder.equals("a") ? "b" : "a";
    long endedAtKill = count(ended);
    long runningAtKill =
        count("SELECT count(*) FROM trial WHERE job_id = '" + JOB + "' AND state = 'IN_PROGRESS'");
    Processes.kill9(processes.get(holder));
    long killed = System.nanoTime();

    waitUntil(
        "replica " + survivor + " holds the job",
        60,
        () -> {
          try {
            return survivor.equals(
                text("SELECT scheduler_replica FROM tuning_job WHERE id = '" + JOB + "'"));
          } catch (Exception e) {
            return false;
          }
        });
    long takenOver = System.nanoTime();
    waitUntil(
        "the job COMPLETED",
        120,
        query(
            "SELECT count(*) FROM tuning_job WHERE id = '" + JOB + "' AND state = 'COMPLETED'",
            n -> n == 1));
    long completed = System.nanoTime();
    System.out.printf(
        "ReplicasKillTest: replica %s (holding %s) SIGKILLed %.1f s after the submission with %d"
            + " of %d trials ended; replica %s held the job %.2f s later; the job COMPLETED %.1f s"
            + " after the kill; %.1f s in all; %d trial(s) running at the kill, %d attempt(s)"
            + " retried%n",
        holder,
        JOB,
        (killed - submitted) / 1e9,
        endedAtKill,
        TRIALS,
        survivor,
        (takenOver - killed) / 1e9,
        (completed - killed) / 1e9,
        (completed - t0) / 1e9,
        runningAtKill,
        count("SELECT coalesce(sum(attempt), 0) FROM trial WHERE job_id = '" + JOB + "'"));

    // every fact from PostgreSQL
    assertEquals(TRIALS, count("SELECT count(*) FROM trial WHERE job_id = '" + JOB + "'"));
    Set<Integer> numbers = new HashSet<>();
    Set<String> configs = new HashSet<>();
    List<String> notCompleted = new ArrayList<>();
    try (Connection c = db();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT number, config_json, state FROM trial WHERE job_id = '" + JOB + "'")) {
      while (rs.next()) {
        assertTrue(numbers.add(rs.getInt(1)), "trial number " + rs.getInt(1) + " twice");
        configs.add(rs.getString(2));
        if (!rs.getString(3).equals("COMPLETED")) {
          notCompleted.add(rs.getInt(1) + " " + rs.getString(3));
        }
      }
    }
    Set<Integer> expected = new HashSet<>();
    for (int i = 1; i <= TRIALS; i++) {
      expected.add(i);
    }
    assertEquals(expected, numbers, "trial numbers 1..40, each once");
    assertEquals(TRIALS, configs.size(), "40 distinct configurations");
    assertEquals(List.of(), notCompleted, "every trial COMPLETED");
    assertEquals(
        TRIALS,
        count("SELECT trials_created FROM tuning_job WHERE id = '" + JOB + "'"),
        "the job proposed 40 trials");
    String leases =
        "FROM lease l JOIN trial t ON t.id = l.trial_id WHERE t.job_id = '"
            + JOB
            + "' AND l.state = 'REPORTED'";
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM (SELECT l.trial_id "
                + leases
                + " GROUP BY l.trial_id HAVING count(*) > 1) twice"),
        "no trial with two reported leases");
    assertEquals(TRIALS, count("SELECT count(DISTINCT l.trial_id) " + leases));
    assertNull(
        text("SELECT scheduler_replica FROM tuning_job WHERE id = '" + JOB + "'"),
        "the ended job's scheduling lease was given up");
    assertTrue(
        Files.readString(dir.resolve(survivor + ".log")).contains("job=" + JOB + " COMPLETED"),
        "the survivor ended the job");
    assertNotEquals(holder, survivor);
    // a worker that was talking to the dead replica moved to the survivor, saying so
    String all = logs();
    assertTrue(all.contains("switching to"), "a worker moved to the survivor:\n" + all);
    long switches = all.lines().filter(l -> l.contains("switching to")).count();
    System.out.printf("ReplicasKillTest: %d worker switch line(s)%n", switches);
  }
}
