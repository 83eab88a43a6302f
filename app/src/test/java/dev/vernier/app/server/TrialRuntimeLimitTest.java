package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maxRuntimePerTrialSeconds} on real processes, for the service's in-process slot and for a
 * remote {@code vernier worker}: a registered command that would sleep 60 s and a built-in training
 * of 10,000 epochs both end FAILED at a 2 s limit, with a reason naming the limit.
 */
class TrialRuntimeLimitTest {
  static final int LIMIT = 2;

  @TempDir Path dir;

  static String commandJob(String name) {
    return """
        {"name": "%s", "command": "sleeper",
         "channels": {"train": {"path": "train.csv"}},
         "objective": {"metric": "validation:loss", "type": "Minimize"},
         "metricDefinitions": [{"name": "validation:loss", "regex": "loss=([0-9.]+)"}],
         "parameterRanges": {"x": {"type": "continuous", "min": 0, "max": 1}},
         "strategy": "random", "limits": {"maxTrials": 1, "maxRuntimePerTrialSeconds": %d},
         "seed": 3}
        """
        .formatted(name, LIMIT);
  }

  static String builtInJob(String name) {
    return """
        {"name": "%s", "algorithm": "linear-learner",
         "channels": {"train": {"path": "train.csv"}, "validation": {"path": "val.csv"}},
         "objective": {"metric": "validation:objective_loss", "type": "Minimize"},
         "parameterRanges": {"learning_rate": {"type": "continuous", "min": 0.001, "max": 0.01}},
         "staticHyperparameters": {"predictor_type": "binary_classifier", "epochs": 10000,
                                   "mini_batch_size": 8},
         "strategy": "random", "limits": {"maxTrials": 1, "maxRuntimePerTrialSeconds": %d},
         "seed": 3}
        """
        .formatted(name, LIMIT);
  }

  /**
   * Runs both jobs on the fleet behind {@code api}; checks each trial ran on {@code worker}, FAILED
   * naming the limit, within a tolerance of the limit.
   */
  static void bothEndAtTheLimit(FleetFixture f, ApiClient api, String prefix, String worker)
      throws Exception {
    api.post("/api/v1/tuning-jobs", commandJob(prefix + "-command"));
    api.post("/api/v1/tuning-jobs", builtInJob(prefix + "-built-in"));
    for (String kind : new String[] {"command", "built-in"}) {
      String id = prefix + "-" + kind;
      JsonNode j = f.waitFor(api, id, x -> x.path("state").asText().equals("FAILED"), 90);
      JsonNode t = FleetFixture.trial(api, id, 1);
      assertEquals("FAILED", t.path("state").asText(), t.toString());
      assertTrue(
          t.path("workerId").asText().startsWith(worker), "ran on " + worker + ": " + t.toString());
      assertEquals(0, t.path("attempt").asInt(), "a deadline is not retried: " + t);
      String reason = t.path("stateReason").asText();
      String wanted =
          kind.equals("command")
              ? "exceeded maxRuntimePerTrialSeconds="
                  + LIMIT
                  + " \\(the command and its child processes were killed\\)"
              : "exceeded maxRuntimePerTrialSeconds="
                  + LIMIT
                  + " \\(training ended after epoch \\d+\\)";
      assertTrue(reason.matches(wanted), reason + "\n" + java.nio.file.Files.readString(f.log));
      double ran =
          Duration.between(
                      Instant.parse(t.path("startedAt").asText()),
                      Instant.parse(t.path("endedAt").asText()))
                  .toMillis()
              / 1000.0;
      System.out.printf(
          "%s %s: FAILED %.2f s after it was leased (limit %d s): %s%n",
          prefix, kind, ran, LIMIT, reason);
      // leased to reported: the limit counts from the attempt's start on the worker, and the
      // command's watchdog looks every 100 ms (a built-in's check comes after an epoch)
      assertTrue(ran >= LIMIT && ran < LIMIT + 2, kind + " ran " + ran + " s: " + t);
      assertTrue(j.path("stateReason").asText().contains("no trial produced"), j.toString());
    }
  }

  @Test
  @Timeout(180)
  void theInProcessSlotEndsTrialsAtTheirDeadline() throws Exception {
    try (FleetFixture f = new FleetFixture(dir)) {
      String sleeper = "sleeper=" + f.script("sleeper.sh", "sleep 60\necho loss=0.5\n");
      ApiClient api = f.serve(1, "--command", sleeper);
      bothEndAtTheLimit(f, api, "local", "local");
    }
  }

  @Test
  @Timeout(180)
  void aRemoteWorkerEndsTrialsAtTheirDeadline() throws Exception {
    try (FleetFixture f = new FleetFixture(dir)) {
      String sleeper = "sleeper=" + f.script("sleeper.sh", "sleep 60\necho loss=0.5\n");
      ApiClient api = f.serve(0, "--command", sleeper);
      f.worker("r1", "--command", sleeper);
      bothEndAtTheLimit(f, api, "remote", "r1");
    }
  }
}
