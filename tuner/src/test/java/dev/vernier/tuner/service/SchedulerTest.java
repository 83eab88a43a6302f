package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.storage.FleetStore.ReportAck;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs run to their limits through the fleet protocol; leases expire on a simulated clock. */
class SchedulerTest {
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

  static double loss(TrialAssignment a, int epoch) {
    double x = Double.parseDouble(a.hyperparameters().get("x"));
    return (x - 2) * (x - 2) + 1.0 / epoch;
  }

  /** Runs one leased trial to its end, epoch by epoch; returns the report's ack. */
  ReportAck run(TrialAssignment a) {
    int epochs = Integer.parseInt(a.hyperparameters().getOrDefault("epochs", "5"));
    double last = Double.NaN;
    for (int e = 1; e <= epochs; e++) {
      last = loss(a, e);
      HeartbeatReply r =
          h.fleetService.heartbeat(
              a.leaseId(), List.of(new EpochUpdate(e, Map.of("validation:loss", last))));
      if (r.directive() == HeartbeatReply.Directive.STOP) {
        return h.fleetService.report(
            a.leaseId(),
            new TrialReport(TrialReport.Outcome.STOPPED, last, r.reason(), null, null));
      }
    }
    return h.fleetService.report(
        a.leaseId(), new TrialReport(TrialReport.Outcome.COMPLETED, last, null, null, null));
  }

  @Test
  void aJobRunsExactlyMaxTrialsAndFindsTheBest() throws Exception {
    h.submit(h.job("quad-1", "random", 12, 3, ""));
    h.fleetService.register("w", "w", 3, "boot");
    Optional<TrialAssignment> a;
    Set<String> leases = new HashSet<>();
    while ((a = h.fleetService.lease("w")).isPresent()) {
      assertTrue(leases.add(a.get().leaseId()));
      assertEquals(ReportAck.ACCEPTED, run(a.get()));
    }
    h.scheduler.tick();
    JobRecord j = h.service.job("quad-1").orElseThrow();
    assertEquals(JobState.COMPLETED, j.state(), j.stateReason());
    List<TrialRecord> ts = h.service.trials("quad-1");
    assertEquals(12, ts.size());
    assertTrue(ts.stream().allMatch(t -> t.state() == TrialState.COMPLETED));
    double best = ts.stream().mapToDouble(TrialRecord::objective).min().orElseThrow();
    assertEquals(best, j.bestObjective());
    assertEquals(best, h.service.best("quad-1").orElseThrow().objective());
    assertEquals(5, h.service.trial("quad-1", 1).metrics().size(), "five epochs stored");
  }

  @Test
  void aStrategyThatIgnoresResultsQueuesAheadAndOneThatUsesThemDoesNot() throws Exception {
    h.submit(h.job("ahead-random", "random", 100, 1, ""));
    h.submit(h.job("ahead-bayes", "bayesian", 100, 1, ""));
    h.scheduler.tick();
    // random: its one slot plus QUEUE_AHEAD proposed at once, so a tick serves several trials
    assertEquals(1 + Scheduler.QUEUE_AHEAD, h.service.trials("ahead-random").size());
    assertEquals(1, h.service.trials("ahead-bayes").size());
    assertTrue(
        h.service.trials("ahead-random").stream().allMatch(t -> t.state() == TrialState.PENDING));
  }

  @Test
  void eightWorkersThatFindNothingAtOnceStillRunEveryTrialOnce() throws Exception {
    // bayesian proposes only for free slots: workers finishing together meet in tickOrJoin
    h.submit(h.job("joined", "bayesian", 24, 8, ""));
    int threads = 8;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    Set<String> leases = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();
    List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (int w = 0; w < threads; w++) {
      String id = h.fleetService.register("w" + w, "w" + w, 1, "boot");
      done.add(
          pool.submit(
              () -> {
                int idle = 0;
                while (idle < 50) {
                  Optional<TrialAssignment> a = h.fleetService.lease(id);
                  if (a.isEmpty()) {
                    idle++;
                    Thread.sleep(2);
                    continue;
                  }
                  idle = 0;
                  assertTrue(leases.add(a.get().leaseId()));
                  if (run(a.get()) == ReportAck.ACCEPTED) {
                    accepted.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (var f : done) {
      f.get();
    }
    pool.shutdown();
    h.scheduler.tick();
    List<TrialRecord> ts = h.service.trials("joined");
    assertEquals(24, ts.size());
    assertEquals(24, accepted.get());
    assertEquals(24, ts.stream().map(TrialRecord::number).distinct().count());
    assertTrue(ts.stream().allMatch(t -> t.state() == TrialState.COMPLETED));
    assertEquals(JobState.COMPLETED, h.service.job("joined").orElseThrow().state());
  }

  @Test
  void trialSeedsAndHyperparametersArePassedToWorkers() throws Exception {
    h.submit(
        h.job(
            "quad-2", "random", 2, 2, ",'staticHyperparameters':{'epochs':3}".replace('\'', '"')));
    h.fleetService.register("w", "w", 2, "boot");
    TrialAssignment a = h.fleetService.lease("w").orElseThrow();
    TrialAssignment b = h.fleetService.lease("w").orElseThrow();
    assertEquals("3", a.hyperparameters().get("epochs"));
    assertTrue(a.hyperparameters().containsKey("x"));
    assertFalse(a.seed() == b.seed());
    assertEquals(h.data.toRealPath().toString(), a.channels().get("train").path());
    assertEquals("quad", a.algorithm());
  }

  @Test
  void aLostWorkersTrialIsRetriedAndCountedOnce() throws Exception {
    h.submit(h.job("quad-3", "random", 3, 1, ""));
    h.fleetService.register("w", "w", 1, "boot");
    TrialAssignment lost = h.fleetService.lease("w").orElseThrow();
    h.fleetService.heartbeat(
        lost.leaseId(), List.of(new EpochUpdate(1, Map.of("validation:loss", 9.0))));
    h.clock.advance(31_000); // three heartbeat periods of silence
    h.scheduler.tick();
    TrialAssignment retry = h.fleetService.lease("w").orElseThrow();
    assertEquals(lost.trialId(), retry.trialId());
    assertEquals(1, retry.attempt());
    assertEquals(lost.seed(), retry.seed(), "a retry trains with the same seed");
    assertEquals(
        HeartbeatReply.Directive.LOST,
        h.fleetService.heartbeat(lost.leaseId(), List.of()).directive());
    assertEquals(
        ReportAck.LEASE_LOST,
        h.fleetService.report(
            lost.leaseId(), new TrialReport(TrialReport.Outcome.COMPLETED, 0.0, null, null, null)));
    assertEquals(ReportAck.ACCEPTED, run(retry));
    Optional<TrialAssignment> a;
    while ((a = h.fleetService.lease("w")).isPresent()) {
      run(a.get());
    }
    h.scheduler.tick();
    assertEquals(3, h.service.trials("quad-3").size());
    assertEquals(JobState.COMPLETED, h.service.job("quad-3").orElseThrow().state());
    assertTrue(
        h.service.job("quad-3").orElseThrow().bestObjective() > 0,
        "the lost attempt's 0.0 never counted");
  }

  @Test
  void aStopReachesRunningTrialsAtTheirNextHeartbeat() throws Exception {
    h.submit(h.job("quad-4", "random", 10, 2, ""));
    h.fleetService.register("w", "w", 2, "boot");
    TrialAssignment a = h.fleetService.lease("w").orElseThrow();
    h.service.stop("quad-4");
    h.scheduler.tick();
    assertEquals(JobState.STOPPING, h.service.job("quad-4").orElseThrow().state());
    HeartbeatReply r =
        h.fleetService.heartbeat(
            a.leaseId(), List.of(new EpochUpdate(1, Map.of("validation:loss", 3.0))));
    assertEquals(HeartbeatReply.Directive.STOP, r.directive());
    h.fleetService.report(
        a.leaseId(), new TrialReport(TrialReport.Outcome.STOPPED, 3.0, r.reason(), null, null));
    h.scheduler.tick();
    JobRecord j = h.service.job("quad-4").orElseThrow();
    assertEquals(JobState.STOPPED, j.state());
    assertTrue(h.fleetService.lease("w").isEmpty());
    assertTrue(h.service.trials("quad-4").stream().allMatch(t -> t.state().isTerminal()));
  }

  @Test
  void medianEarlyStoppingStopsBadTrialsWithAStoredReason() throws Exception {
    h.submit(h.job("quad-5", "random", 30, 1, ",'earlyStopping':'auto'".replace('\'', '"')));
    h.fleetService.register("w", "w", 1, "boot");
    Optional<TrialAssignment> a;
    while ((a = h.fleetService.lease("w")).isPresent()) {
      run(a.get());
    }
    List<TrialRecord> ts = h.service.trials("quad-5");
    assertEquals(30, ts.size());
    List<TrialRecord> stopped = ts.stream().filter(t -> t.state() == TrialState.STOPPED).toList();
    assertFalse(stopped.isEmpty(), "the median rule stopped no trial of 30");
    var detail = h.service.trial("quad-5", stopped.get(0).number());
    assertTrue(
        detail.decisions().stream()
            .anyMatch(d -> d.decision().equals("STOP") && !d.reason().isBlank()),
        detail.decisions().toString());
    assertTrue(detail.metrics().size() < 5, "stopped before its last epoch");
  }

  @Test
  void theMedianRulesSettingsApplyAndEachStoredDecisionCarriesItsInputs() throws Exception {
    h.submit(
        h.job(
            "quad-9",
            "random",
            12,
            1,
            ",'earlyStopping':{'type':'median','minTrials':3,'minEpochs':2,'percentile':50}"
                .replace('\'', '"')));
    h.fleetService.register("w", "w", 1, "boot");
    Optional<TrialAssignment> a;
    while ((a = h.fleetService.lease("w")).isPresent()) {
      run(a.get());
    }
    List<TrialRecord> ts = h.service.trials("quad-9");
    List<TrialRecord> stopped = ts.stream().filter(t -> t.state() == TrialState.STOPPED).toList();
    assertFalse(stopped.isEmpty(), "the median rule stopped no trial of 12");
    for (TrialRecord t : ts) {
      for (var d : h.service.trial("quad-9", t.number()).decisions()) {
        assertTrue(d.epoch() >= 1 && d.inputs().get("epoch").intValue() == d.epoch(), d.toString());
        assertEquals(3, d.inputs().get("minTrials").intValue(), d.toString());
        assertEquals(2, d.inputs().get("minEpochs").intValue(), d.toString());
        if (d.decision().equals("STOP")) {
          assertTrue(d.epoch() >= 2, "no stop before minEpochs: " + d);
          assertTrue(d.inputs().get("comparedWith").intValue() >= 3, d.toString());
          assertTrue(
              d.inputs().get("value").doubleValue()
                  > d.inputs().get("percentileValue").doubleValue(),
              "a stopped trial's loss is above the median: " + d);
        }
      }
    }
  }

  @Test
  void targetObjectiveCompletesTheJobEarly() throws Exception {
    h.submit(
        h.job(
            "quad-6",
            "random",
            50,
            1,
            ",'completion':{'targetObjectiveValue':5.0}".replace('\'', '"')));
    h.fleetService.register("w", "w", 1, "boot");
    Optional<TrialAssignment> a;
    while ((a = h.fleetService.lease("w")).isPresent()) {
      run(a.get());
    }
    JobRecord j = h.service.job("quad-6").orElseThrow();
    assertEquals(JobState.COMPLETED, j.state());
    assertTrue(j.bestObjective() <= 5.0);
    assertTrue(j.stateReason().contains("target"), j.stateReason());
    assertTrue(h.service.trials("quad-6").size() < 50);
  }

  /**
   * A grid of 2 points under maxTrials 5: both points completed, then the job stayed IN_PROGRESS
   * ("trials done 2/5") for ever. It completes once the grid is exhausted and nothing runs.
   */
  @Test
  void aGridSmallerThanMaxTrialsCompletesOnceEveryPointIsTriedAndNothingRuns() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode job =
        (com.fasterxml.jackson.databind.node.ObjectNode) h.job("grid-small", "grid", 5, 2, "");
    job.putObject("parameterRanges")
        .putObject("epochs")
        .put("type", "integer")
        .put("min", 1)
        .put("max", 2);
    job.putObject("staticHyperparameters").put("x", 1);
    h.submit(job);
    h.fleetService.register("w", "w", 2, "boot");
    TrialAssignment first = h.fleetService.lease("w").orElseThrow();
    TrialAssignment second = h.fleetService.lease("w").orElseThrow();
    assertEquals(ReportAck.ACCEPTED, run(first));
    assertTrue(h.fleetService.lease("w").isEmpty(), "the grid has no third point");
    h.scheduler.tick();
    assertEquals(
        JobState.IN_PROGRESS,
        h.service.job("grid-small").orElseThrow().state(),
        "a trial still runs: the job waits for it");
    assertEquals(ReportAck.ACCEPTED, run(second));
    h.scheduler.tick();
    JobRecord j = h.service.job("grid-small").orElseThrow();
    assertEquals(JobState.COMPLETED, j.state(), j.stateReason());
    assertEquals(
        "the grid's 2 configurations (the 2 values of epochs) are all tried; maxTrials was 5",
        j.stateReason());
    assertEquals(2, j.trialsCreated());
    assertEquals(null, j.schedulerReplica(), "an ended job has no scheduling holder");
  }

  @Test
  void aRestartedSchedulerNeverProposesTwice() throws Exception {
    h.submit(h.job("quad-7", "bayesian", 6, 2, ""));
    h.scheduler.tick();
    h.scheduler.tick();
    assertEquals(2, h.service.trials("quad-7").size(), "only free slots are filled");
    Scheduler second =
        new Scheduler(
            h.jobs,
            h.trials,
            h.fleet,
            dev.vernier.tuner.strategy.StrategyRegistry.load(),
            TunerHarness.CATALOG,
            h.clock,
            TunerMetrics.NONE);
    second.tick();
    assertEquals(2, h.service.trials("quad-7").size());
  }

  @Test
  void aJobWhoseLastTrialEndsBetweenTheTicksTwoReadsCompletes() throws Exception {
    h.submit(h.job("race-1", "random", 1, 1, ""));
    h.scheduler.tick();
    h.fleetService.register("w", "w", 1, "boot");
    TrialAssignment a = h.fleetService.lease("w").orElseThrow();
    // the tick reads the active jobs, then (here: after the report) the trials' counts
    List<JobRecord> before = h.jobs.active();
    assertEquals(ReportAck.ACCEPTED, run(a));
    dev.vernier.tuner.storage.JobStore stale =
        new dev.vernier.tuner.storage.JobStore() {
          @Override
          public void create(JobRecord job) {
            h.jobs.create(job);
          }

          @Override
          public Optional<JobRecord> find(String id) {
            return h.jobs.find(id);
          }

          @Override
          public List<JobRecord> list(JobState state, int offset, int limit) {
            return h.jobs.list(state, offset, limit);
          }

          @Override
          public int count(JobState state) {
            return h.jobs.count(state);
          }

          @Override
          public List<JobRecord> active() {
            return before;
          }

          @Override
          public boolean transition(String id, JobState from, JobState to, String r, long now) {
            return h.jobs.transition(id, from, to, r, now);
          }

          @Override
          public boolean requestStop(String id, long now) {
            return h.jobs.requestStop(id, now);
          }

          @Override
          public boolean claimScheduling(String id, String replica, long now, long ttl) {
            return h.jobs.claimScheduling(id, replica, now, ttl);
          }

          @Override
          public boolean releaseScheduling(String id, String replica) {
            return h.jobs.releaseScheduling(id, replica);
          }

          @Override
          public int releaseAllScheduling(String replica) {
            return h.jobs.releaseAllScheduling(replica);
          }
        };
    new Scheduler(
            stale,
            h.trials,
            h.fleet,
            dev.vernier.tuner.strategy.StrategyRegistry.load(),
            TunerHarness.CATALOG,
            h.clock,
            TunerMetrics.NONE)
        .tick();
    JobRecord j = h.service.job("race-1").orElseThrow();
    assertEquals(JobState.COMPLETED, j.state(), j.stateReason());
  }

  @Test
  void aTickThatFailsDoesNotThrowSoItsTimerGoesOn() throws Exception {
    h.submit(h.job("gone-1", "random", 2, 1, ""));
    h.db.close(); // every statement of the next tick fails
    org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> h.scheduler.tick());
  }

  @Test
  void aReportedObjectiveThatIsNotFiniteFailsTheTrialSayingWhy() throws Exception {
    h.submit(h.job("diverged", "random", 3, 3, ""));
    h.fleetService.register("w", "w", 3, "boot");
    double[] values = {Double.POSITIVE_INFINITY, Double.NaN, 0.5};
    for (double v : values) {
      TrialAssignment a = h.fleetService.lease("w").orElseThrow();
      assertEquals(
          ReportAck.ACCEPTED,
          h.fleetService.report(
              a.leaseId(),
              new TrialReport(TrialReport.Outcome.COMPLETED, v, "loss blew up", null, null)));
    }
    List<TrialRecord> ts = h.service.trials("diverged");
    assertEquals(TrialState.FAILED, ts.get(0).state());
    assertEquals(null, ts.get(0).objective());
    assertEquals(
        "objective was Infinity, not a finite number; loss blew up", ts.get(0).stateReason());
    assertEquals(TrialState.FAILED, ts.get(1).state());
    assertTrue(ts.get(1).stateReason().startsWith("objective was NaN"), ts.get(1).stateReason());
    assertEquals(TrialState.COMPLETED, ts.get(2).state());
    assertEquals(0.5, h.jobs.find("diverged").orElseThrow().bestObjective());
  }
}
