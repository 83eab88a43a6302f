package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.TrialRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code objective.aggregation}: {@code best} makes a trial's objective its best epoch's value (in
 * the objective's direction) and the job's best trial follows it; {@code latest} keeps the last.
 * Two trials of a minimised loss: one dips to 1.0 and ends at 2.0, the other stays at 1.5.
 */
class ObjectiveAggregationTest {
  @TempDir Path dir;
  TunerHarness h;

  @BeforeEach
  void setUp() throws Exception {
    h = new TunerHarness(dir);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private JobRecord run(String name, String aggregation) throws Exception {
    ObjectNode spec = (ObjectNode) h.job(name, "random", 2, 1, "");
    if (aggregation != null) {
      ((ObjectNode) spec.get("objective")).put("aggregation", aggregation);
    }
    h.submit(spec);
    h.fleetService.register("w-" + name, "w", 1, "boot");
    List<List<Double>> curves = List.of(List.of(3.0, 1.0, 2.0), List.of(1.5, 1.5, 1.5));
    for (List<Double> curve : curves) {
      TrialAssignment a = h.fleetService.lease("w-" + name).orElseThrow();
      for (int e = 1; e <= curve.size(); e++) {
        h.fleetService.heartbeat(
            a.leaseId(), List.of(new EpochUpdate(e, Map.of("validation:loss", curve.get(e - 1)))));
      }
      h.fleetService.report(
          a.leaseId(),
          new TrialReport(TrialReport.Outcome.COMPLETED, curve.get(2), null, null, null));
    }
    h.scheduler.tick();
    return h.service.job(name).orElseThrow();
  }

  @Test
  void bestCountsTheBestEpochAndTheJobsBestTrialFollows() throws Exception {
    JobRecord j = run("best", "best");
    TrialRecord first = h.service.trial("best", 1).trial();
    assertEquals(1.0, first.objective());
    assertEquals("objective from epoch 2 of 3 (aggregation best)", first.stateReason());
    assertEquals(2, first.objectiveEpoch());
    assertEquals(1, h.service.trial("best", 2).trial().objectiveEpoch(), "ties keep the earliest");
    assertEquals(1.0, j.bestObjective());
    assertEquals(first.id(), j.bestTrialId());
  }

  @Test
  void latestIsTheDefaultAndCountsTheLastEpoch() throws Exception {
    JobRecord j = run("latest", null);
    TrialRecord first = h.service.trial("latest", 1).trial();
    assertEquals(2.0, first.objective());
    assertNull(first.stateReason());
    assertEquals(3, first.objectiveEpoch());
    assertEquals(1.5, j.bestObjective());
  }

  @Test
  void aRetriedTrialCountsOnlyItsLastAttemptsEpochs() throws Exception {
    ObjectNode spec = (ObjectNode) h.job("retried", "random", 1, 1, "");
    ((ObjectNode) spec.get("objective")).put("aggregation", "best");
    h.submit(spec);
    h.fleetService.register("w-r", "w", 1, "boot");
    TrialAssignment lost = h.fleetService.lease("w-r").orElseThrow();
    h.fleetService.heartbeat(
        lost.leaseId(), List.of(new EpochUpdate(1, Map.of("validation:loss", 0.01))));
    h.clock.advance(31_000); // the worker was killed: three heartbeat periods of silence
    h.scheduler.tick();
    TrialAssignment retry = h.fleetService.lease("w-r").orElseThrow();
    assertEquals(1, retry.attempt());
    for (int e = 1; e <= 3; e++) {
      h.fleetService.heartbeat(
          retry.leaseId(), List.of(new EpochUpdate(e, Map.of("validation:loss", 4.0 - e))));
    }
    h.fleetService.report(
        retry.leaseId(), new TrialReport(TrialReport.Outcome.COMPLETED, 1.0, null, null, null));
    TrialRecord t = h.service.trial("retried", 1).trial();
    assertEquals(1.0, t.objective(), "the killed attempt's 0.01 is not this attempt's");
    assertEquals(3, t.objectiveEpoch());
  }

  @Test
  void aTrialWithoutEpochsOrWithoutAnObjectiveNamesNoEpoch() throws Exception {
    h.submit(h.job("bare", "random", 2, 1, ""));
    h.fleetService.register("w-bare", "w", 1, "boot");
    TrialAssignment a = h.fleetService.lease("w-bare").orElseThrow();
    h.fleetService.report(
        a.leaseId(), new TrialReport(TrialReport.Outcome.COMPLETED, 0.25, null, null, null));
    TrialAssignment b = h.fleetService.lease("w-bare").orElseThrow();
    h.fleetService.heartbeat(
        b.leaseId(), List.of(new EpochUpdate(1, Map.of("validation:loss", 0.5))));
    h.fleetService.report(
        b.leaseId(), new TrialReport(TrialReport.Outcome.FAILED, null, "crashed", null, null));
    assertEquals(0.25, h.service.trial("bare", 1).trial().objective());
    assertNull(h.service.trial("bare", 1).trial().objectiveEpoch(), "no epoch was reported");
    assertNull(h.service.trial("bare", 2).trial().objectiveEpoch(), "a failed trial");
  }

  @Test
  void anUnknownAggregationIsRefusedNamingTheField() throws Exception {
    ObjectNode spec = (ObjectNode) h.job("bad", "random", 2, 1, "");
    ((ObjectNode) spec.get("objective")).put("aggregation", "max");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> h.submit(spec));
    assertEquals(
        "$.objective.aggregation: must be latest (the last epoch's value) or best (the best"
            + " epoch's value), got 'max'",
        e.errors().isEmpty() ? e.getMessage() : e.errors().get(0).message());
  }
}
