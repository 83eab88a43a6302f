package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job ended by {@code completion.targetObjectiveValue} says which trial reached it by the trial's
 * number, as users and {@code /trials/{number}} know it: it said the trial's database id ("reached
 * by trial 34" for trial 2), which differs from the number once another job has trials.
 */
class TargetReachedReasonTest {
  @TempDir Path dir;

  @Test
  void theReasonNamesTheBestTrialsNumberNotItsId() throws Exception {
    try (TunerHarness h = new TunerHarness(dir)) {
      h.fleetService.register("w", "w", 1, "boot");
      // another job's trials come first, so the target job's trial ids are not their numbers
      h.submit(h.job("before", "random", 3, 3, ""));
      Optional<TrialAssignment> a;
      while ((a = h.fleetService.lease("w")).isPresent()) {
        complete(h, a.get(), 50.0);
      }
      h.submit(
          h.job(
              "target",
              "bayesian",
              20,
              1,
              ",'completion':{'targetObjectiveValue':10.0}".replace('\'', '"')));
      TrialAssignment first = h.fleetService.lease("w").orElseThrow();
      assertEquals("target", h.jobs.find(first.jobId()).orElseThrow().spec().name());
      complete(h, first, 0.5);
      h.scheduler.tick();

      JobRecord j = h.service.job("target").orElseThrow();
      assertEquals(JobState.COMPLETED, j.state(), j.stateReason());
      TrialRecord best = h.trials.find(j.bestTrialId()).orElseThrow();
      assertEquals(1, best.number());
      assertNotEquals(best.number(), best.id(), "the test needs an id that is not the number");
      assertEquals("target objective 10.0 reached by trial 1 (0.5)", j.stateReason());
    }
  }

  private static void complete(TunerHarness h, TrialAssignment a, double loss) {
    h.fleetService.heartbeat(
        a.leaseId(), List.of(new EpochUpdate(1, Map.of("validation:loss", loss))));
    h.fleetService.report(
        a.leaseId(), new TrialReport(TrialReport.Outcome.COMPLETED, loss, null, null, null));
  }
}
