package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.tuner.job.TrialRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same seed gives the same trials end to end: jobs run through the scheduler, the fleet
 * protocol and SQLite, one at 1 slot and one at 3 (leases taken in bursts, finished in reverse
 * order, some stopped early by the worker), and their first 12 trials' hyperparameters compared.
 * The space has three parameters: with one or two, the old generator (seeded by the history's size)
 * happened to give the same sequence, its streams overlapping draw for draw.
 */
class SeededSequenceTest {
  @TempDir Path dir;

  /** Runs a 12-trial job at {@code slots} parallel trials; returns trial number -> config. */
  static List<Map<String, Object>> run(Path dir, String strategy, int slots, long seed)
      throws Exception {
    try (TunerHarness h = new TunerHarness(dir)) {
      ObjectNode spec = (ObjectNode) h.job("j", strategy, 12, slots, "");
      spec.put("seed", seed);
      // three parameters: a configuration takes several draws
      ObjectNode ranges = (ObjectNode) spec.get("parameterRanges");
      ranges.set("y", ranges.get("x"));
      ranges.set(
          "epochs", new ObjectMapper().readTree("{\"type\":\"integer\",\"min\":1,\"max\":3}"));
      h.submit(spec);
      h.fleetService.register("w", "w", slots, "boot");
      int finished = 0;
      while (true) {
        List<TrialAssignment> burst = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
          h.fleetService.lease("w").ifPresent(burst::add);
        }
        if (burst.isEmpty()) {
          break;
        }
        Collections.reverse(burst);
        for (TrialAssignment a : burst) {
          double x = Double.parseDouble(a.hyperparameters().get("x"));
          // every third trial ends after one epoch (a stop), the others after three
          int epochs = finished++ % 3 == 1 ? 1 : 3;
          double v = Double.NaN;
          for (int e = 1; e <= epochs; e++) {
            v = (x - 2) * (x - 2) + 1.0 / e;
            h.fleetService.heartbeat(
                a.leaseId(), List.of(new EpochUpdate(e, Map.of("validation:loss", v))));
          }
          h.clock.advance(1000);
          h.fleetService.report(
              a.leaseId(),
              new TrialReport(
                  epochs == 1 ? TrialReport.Outcome.STOPPED : TrialReport.Outcome.COMPLETED,
                  v,
                  epochs == 1 ? "stopped" : null,
                  null,
                  null));
        }
        h.scheduler.tick();
      }
      List<TrialRecord> ts = h.service.trials("j");
      assertEquals(12, ts.size());
      return ts.stream().map(TrialRecord::config).toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "sobol", "hyperband"})
  void theSameSeedGivesTheSameTwelveTrialsAtParallelism1And3(String strategy) throws Exception {
    List<Map<String, Object>> one = run(dir.resolve("p1"), strategy, 1, 7);
    List<Map<String, Object>> three = run(dir.resolve("p3"), strategy, 3, 7);
    assertEquals(one, three, strategy);
    assertNotEquals(one, run(dir.resolve("other"), strategy, 3, 8), "another seed");
  }
}
