package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead worker's lease on real processes, with no restart to expire it early (a worker that
 * registers again with a new boot id would): the service runs a 1 s heartbeat, so a lease lasts 3 s
 * after the last heartbeat. A worker killed with SIGKILL keeps its trial that long, then another
 * worker retries it; a trial that kills every worker that runs it fails after three attempts.
 */
class LeaseExpiryTest {
  @TempDir Path dir;

  /** A command job on {@code command} with a random strategy, one trial at a time. */
  static String job(String name, String command, int maxTrials) {
    return """
        {"name": "%s", "command": "%s",
         "channels": {"train": {"path": "train.csv"}},
         "objective": {"metric": "validation:loss", "type": "Minimize"},
         "metricDefinitions": [{"name": "validation:loss", "regex": "loss=([0-9.]+)"}],
         "parameterRanges": {"x": {"type": "continuous", "min": 0, "max": 1}},
         "strategy": "random", "limits": {"maxTrials": %d, "maxParallelTrials": 1}, "seed": 3}
        """
        .formatted(name, command, maxTrials);
  }

  static double seconds(long fromNanos) {
    return (System.nanoTime() - fromNanos) / 1e9;
  }

  @Test
  @Timeout(240)
  void aKilledWorkersLeaseExpiresAfterThreeHeartbeatsAndAnotherWorkerRetriesTheTrial()
      throws Exception {
    try (FleetFixture f = new FleetFixture(dir)) {
      // three epochs of 0.7 s each, printing loss=...; it fails unless its channel's path is
      // absolute (a trial handed on in a report's answer once came with the path shown to users)
      String slow =
          "slow="
              + f.script(
                  "slow.sh",
                  "case \"$VERNIER_CHANNEL_TRAIN\" in /*) ;; *) echo relative >&2; exit 3;; esac\n"
                      + "for i in 1 2 3; do sleep 0.7; echo \"epoch $i loss=0.$i\"; done\n");
      ApiClient api = f.serve(0, "--command", slow);
      Process w1 = f.worker("w1", "--command", slow);
      api.post("/api/v1/tuning-jobs", job("lease-1", "slow", 3));
      JsonNode running =
          f.waitFor(
              api,
              "lease-1",
              j -> j.path("trials").path("byState").path("IN_PROGRESS").asInt() == 1,
              120);
      int n = 0;
      for (JsonNode t : FleetFixture.trials(api, "lease-1")) {
        if (t.path("state").asText().equals("IN_PROGRESS")) {
          n = t.path("number").asInt();
        }
      }
      assertTrue(n > 0, "a trial runs: " + running);
      // wait for its first epoch: the command runs and the worker heartbeats
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (FleetFixture.trial(api, "lease-1", n).path("epochs").asInt() < 1) {
        assertTrue(System.nanoTime() < until, "no epoch within 30 s:\n" + Files.readString(f.log));
        Thread.sleep(20);
      }
      Processes.kill9(w1);
      long killed = System.nanoTime();
      f.worker("w2", "--command", slow); // ready, polling, while the dead worker's lease runs
      // the trial stays w1's, attempt 0, until the lease expires; then it is attempt 1
      JsonNode t;
      double held = 0;
      while (true) {
        t = FleetFixture.trial(api, "lease-1", n);
        if (t.path("attempt").asInt() != 0) {
          break;
        }
        held = seconds(killed);
        assertEquals("IN_PROGRESS", t.path("state").asText(), t.toString());
        assertEquals("w1", t.path("workerId").asText(), t.toString());
        assertTrue(held < 10, "the dead worker's lease still held after 10 s: " + t);
        Thread.sleep(50);
      }
      double expiredBy = seconds(killed);
      System.out.printf(
          "lease of the killed worker: held %.2f s after the kill, retried by %.2f s"
              + " (heartbeat 1 s, lease 3 s)%n",
          held, expiredBy);
      // the last heartbeat came at most a period (plus a request) before the kill: the lease
      // lasted at least 2 periods after it, and the scheduler's 1 s tick notices it within 1 s
      assertTrue(held >= 1.8, "the lease expired early: held only " + held + " s: " + t);
      assertTrue(expiredBy <= 6, "the lease expired late: " + expiredBy + " s: " + t);
      assertEquals(1, t.path("attempt").asInt(), t.toString());
      assertEquals(
          "retry 1: its worker stopped sending heartbeats",
          t.path("stateReason").asText(),
          t.toString());

      JsonNode j =
          f.waitFor(api, "lease-1", x -> x.path("state").asText().equals("COMPLETED"), 120);
      assertEquals(3, j.path("trials").path("created").asInt(), j.toString());
      JsonNode trials = FleetFixture.trials(api, "lease-1");
      assertEquals(3, trials.size(), trials.toString());
      Set<Integer> numbers = new HashSet<>();
      for (JsonNode x : trials) {
        int number = x.path("number").asInt();
        assertTrue(numbers.add(number), "trial number twice: " + trials);
        assertEquals("COMPLETED", x.path("state").asText(), x.toString());
        assertEquals("w2", x.path("workerId").asText(), "w2 ran every trial to its end: " + x);
        assertEquals(number == n ? 1 : 0, x.path("attempt").asInt(), x.toString());
        JsonNode detail = FleetFixture.trial(api, "lease-1", number);
        int epochs = 0;
        for (JsonNode m : detail.path("metrics")) {
          if (m.path("attempt").asInt() == x.path("attempt").asInt()) {
            epochs++;
          }
        }
        assertEquals(3, epochs, "each epoch of the counted attempt once: " + detail);
      }
      assertEquals(1, f.logLines("trial lease-1/" + n + " started \\(attempt 2\\): slow .*"));
      assertEquals(
          4, f.logLines("trial lease-1/\\d+ started.*"), "3 trials started, one of them twice");
      assertEquals(3, f.logLines("trial lease-1/\\d+ COMPLETED.*"), Files.readString(f.log));
    }
  }

  @Test
  @Timeout(240)
  void aTrialThatKillsEveryWorkerFailsAfterThreeAttemptsAndIsNotLeasedAgain() throws Exception {
    try (FleetFixture f = new FleetFixture(dir)) {
      // the command's parent is the worker's JVM (it runs the executable itself, no shell)
      String killer = "killer=" + f.script("killer.sh", "kill -9 $PPID\nexit 1\n");
      ApiClient api = f.serve(0, "--command", killer);
      api.post("/api/v1/tuning-jobs", job("lease-2", "killer", 1));
      for (int attempt = 1; attempt <= 3; attempt++) {
        Process w = f.worker("k" + attempt, "--command", killer);
        assertTrue(w.waitFor(60, TimeUnit.SECONDS), "worker k" + attempt + " was not killed");
        long died = System.nanoTime();
        assertEquals(137, w.exitValue(), "SIGKILL ended worker k" + attempt);
        // a new worker is started only once the lease expired (a different name: nothing else
        // ends the dead worker's lease)
        int a = attempt;
        JsonNode t;
        while (true) {
          t = FleetFixture.trial(api, "lease-2", 1);
          if (t.path("attempt").asInt() == a || t.path("state").asText().equals("FAILED")) {
            break;
          }
          assertTrue(seconds(died) < 10, "lease of k" + attempt + " not expired in 10 s: " + t);
          Thread.sleep(50);
        }
        System.out.printf(
            "attempt %d: lease expired %.2f s after its worker died%n", a, seconds(died));
        assertTrue(seconds(died) >= 1.5, "the lease expired early: " + t);
      }
      JsonNode j = f.waitFor(api, "lease-2", x -> x.path("state").asText().equals("FAILED"), 30);
      JsonNode t = FleetFixture.trial(api, "lease-2", 1);
      assertEquals("FAILED", t.path("state").asText(), t.toString());
      assertEquals(2, t.path("attempt").asInt(), "attempts 0, 1 and 2: " + t);
      assertEquals(
          "lost its lease 3 times, the retry limit (3 attempts); last: its worker stopped"
              + " sending heartbeats",
          t.path("stateReason").asText(),
          t.toString());
      assertEquals(1, j.path("trials").path("created").asInt(), j.toString());
      // a fourth worker joins and gets nothing: the failed trial is never leased again
      Process w4 = f.worker("k4", "--command", killer);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (f.logLines("worker k4 joined .*") == 0) {
        assertTrue(w4.isAlive() && System.nanoTime() < until, Files.readString(f.log));
        Thread.sleep(50);
      }
      Thread.sleep(3000); // a worker polls every 0.5 s: six chances to lease
      assertTrue(w4.isAlive(), "the fourth worker ran the trial: " + Files.readString(f.log));
      assertEquals(3, f.logLines("trial lease-2/1 started.*"), Files.readString(f.log));
      assertEquals(1, f.logLines("trial lease-2/1 started \\(attempt 3\\): killer .*"));
      t = FleetFixture.trial(api, "lease-2", 1);
      assertEquals("FAILED", t.path("state").asText(), t.toString());
      assertEquals(2, t.path("attempt").asInt(), t.toString());
    }
  }
}
