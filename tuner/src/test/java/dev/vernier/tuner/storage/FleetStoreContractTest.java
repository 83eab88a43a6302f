package dev.vernier.tuner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.StopDecisionRecord;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.storage.FleetStore.Outcome;
import dev.vernier.tuner.storage.FleetStore.ReportAck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The {@link FleetStore} contract: workers, leases handed out once, heartbeats, reports applied
 * exactly once, expiry and retries.
 */
abstract class FleetStoreContractTest extends StoreContract {
  @Test
  void leasesRespectParallelLimitsAndJobState() {
    job("a", 5, 1);
    trials.addProposals("a", 0, List.of(cfg(0.1), cfg(0.2)), 5);
    fleet.register("w1", "w1", 2, "boot", 10);
    FleetStore.Lease l = fleet.lease("w1", 20, 1000).orElseThrow();
    assertEquals(1, l.trial().number());
    assertEquals(TrialState.IN_PROGRESS, l.trial().state());
    assertTrue(fleet.lease("w1", 21, 1000).isEmpty(), "max parallel 1");
    jobs.requestStop("a", 22);
    assertEquals(
        ReportAck.ACCEPTED,
        fleet.report(l.id(), new Outcome(Outcome.Kind.COMPLETED, 0.5, null, null, null), 23));
    assertTrue(fleet.lease("w1", 24, 1000).isEmpty(), "a stopping job hands out nothing");
  }

  @Test
  void heartbeatsStoreEachEpochOnceAndCarryStops() {
    job("a", 5, 2);
    TrialRecord t = trials.addProposals("a", 0, List.of(cfg(0.1)), 5).get(0);
    fleet.register("w1", "w1", 1, "boot", 10);
    FleetStore.Lease l = fleet.lease("w1", 20, 1000).orElseThrow();
    EpochMetrics e1 = new EpochMetrics(0, 1, Map.of("validation:accuracy", 0.5), 30);
    assertEquals(
        new FleetStore.HeartbeatAck(true, false, "a", t.id()),
        fleet.heartbeat(l.id(), List.of(e1), 30, 1000));
    fleet.heartbeat(
        l.id(),
        List.of(e1, new EpochMetrics(0, 2, Map.of("validation:accuracy", 0.6), 40)),
        40,
        1000);
    assertEquals(2, trials.metrics(t.id()).size());
    assertEquals(2, trials.find(t.id()).orElseThrow().epochs());
    Map<String, Number> inputs = new java.util.LinkedHashMap<>();
    inputs.put("epoch", 2L);
    inputs.put("value", 0.6);
    inputs.put("percentileValue", 0.65);
    inputs.put("comparedWith", 7L);
    trials.recordDecision(
        t.id(), new StopDecisionRecord(0, 2, "STOP", "below the median", 41, inputs));
    trials.recordDecision(t.id(), new StopDecisionRecord(0, 2, "STOP", "again", 42));
    assertEquals(
        List.of(new StopDecisionRecord(0, 2, "STOP", "below the median", 41, inputs)),
        trials.decisions(t.id()),
        "the decision and its inputs read back as stored");
    assertEquals(
        new FleetStore.HeartbeatAck(true, true, "a", t.id()),
        fleet.heartbeat(l.id(), List.of(), 50, 1000));
    assertEquals(
        FleetStore.HeartbeatAck.LOST, fleet.heartbeat("no-such-lease", List.of(), 50, 1000));
  }

  @Test
  void aReportIsAppliedExactlyOnceAndTheBestFollowsTheDirection() {
    job("a", 5, 3);
    trials.addProposals("a", 0, List.of(cfg(0.1), cfg(0.2), cfg(0.3)), 5);
    fleet.register("w1", "w1", 3, "boot", 10);
    FleetStore.Lease l1 = fleet.lease("w1", 20, 1000).orElseThrow();
    FleetStore.Lease l2 = fleet.lease("w1", 21, 1000).orElseThrow();
    FleetStore.Lease l3 = fleet.lease("w1", 22, 1000).orElseThrow();
    assertEquals(
        ReportAck.ACCEPTED,
        fleet.report(l1.id(), new Outcome(Outcome.Kind.COMPLETED, 0.7, null, "/a/1", "{}"), 30));
    assertEquals(
        ReportAck.DUPLICATE,
        fleet.report(l1.id(), new Outcome(Outcome.Kind.COMPLETED, 0.99, null, null, null), 31));
    assertEquals(
        ReportAck.ACCEPTED,
        fleet.report(l2.id(), new Outcome(Outcome.Kind.COMPLETED, 0.6, null, null, null), 32));
    assertEquals(
        ReportAck.ACCEPTED,
        fleet.report(l3.id(), new Outcome(Outcome.Kind.FAILED, null, "boom", null, null), 33));
    JobRecord j = jobs.find("a").orElseThrow();
    assertEquals(l1.trial().id(), j.bestTrialId());
    assertEquals(0.7, j.bestObjective());
    TrialRecord t1 = trials.find(l1.trial().id()).orElseThrow();
    assertEquals(TrialState.COMPLETED, t1.state());
    assertEquals(0.7, t1.objective());
    assertEquals("/a/1", t1.artifactPath());
    TrialRecord t3 = trials.find(l3.trial().id()).orElseThrow();
    assertEquals(TrialState.FAILED, t3.state());
    assertEquals("boom", t3.stateReason());
    assertNull(t3.objective());
  }

  @Test
  void aReportStoresTheEpochItsObjectiveComesFrom() {
    job("e", 5, 3);
    trials.addProposals("e", 0, List.of(cfg(0.1), cfg(0.2), cfg(0.3)), 5);
    fleet.register("w1", "w1", 3, "boot", 10);
    FleetStore.Lease named = fleet.lease("w1", 20, 1000).orElseThrow();
    FleetStore.Lease last = fleet.lease("w1", 21, 1000).orElseThrow();
    FleetStore.Lease failed = fleet.lease("w1", 22, 1000).orElseThrow();
    for (FleetStore.Lease l : List.of(named, last, failed)) {
      for (int e = 1; e <= 3; e++) {
        fleet.heartbeat(
            l.id(),
            List.of(new EpochMetrics(0, e, Map.of("validation:accuracy", 0.5 + e / 10.0), 23)),
            23,
            1000);
      }
    }
    fleet.report(named.id(), new Outcome(Outcome.Kind.COMPLETED, 0.9, 2, null, null, null), 30);
    fleet.report(last.id(), new Outcome(Outcome.Kind.STOPPED, 0.8, null, null, null), 31);
    fleet.report(failed.id(), new Outcome(Outcome.Kind.FAILED, 0.7, 3, "boom", null, null), 32);
    assertEquals(2, trials.find(named.trial().id()).orElseThrow().objectiveEpoch(), "as named");
    assertEquals(
        3, trials.find(last.trial().id()).orElseThrow().objectiveEpoch(), "the last epoch");
    assertNull(trials.find(failed.trial().id()).orElseThrow().objectiveEpoch(), "no objective");
  }

  @Test
  void expiredLeasesAreRetriedThenFailAndLateReportsAreIgnored() {
    job("a", 5, 1);
    TrialRecord t = trials.addProposals("a", 0, List.of(cfg(0.1)), 5).get(0);
    fleet.register("w1", "w1", 1, "boot", 10);
    long now = 100;
    String firstLease = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      FleetStore.Lease l = fleet.lease("w1", now, 1000).orElseThrow();
      assertEquals(attempt, l.trial().attempt());
      if (firstLease == null) {
        firstLease = l.id();
      }
      assertEquals(List.of(), fleet.expireLeases(now + 999), "not yet expired");
      List<TrialRecord> expired = fleet.expireLeases(now + 1001);
      assertEquals(1, expired.size());
      now += 2000;
    }
    TrialRecord failed = trials.find(t.id()).orElseThrow();
    assertEquals(TrialState.FAILED, failed.state());
    assertTrue(failed.stateReason().contains("3 times"), failed.stateReason());
    assertEquals(
        ReportAck.LEASE_LOST,
        fleet.report(firstLease, new Outcome(Outcome.Kind.COMPLETED, 0.9, null, null, null), now));
    assertNull(jobs.find("a").orElseThrow().bestTrialId(), "a lost lease's result never counts");
  }

  @Test
  void aRestartedWorkerLosesItsLeasesAtOnce() {
    job("a", 5, 2);
    trials.addProposals("a", 0, List.of(cfg(0.1), cfg(0.2)), 5);
    fleet.register("w1", "w1", 2, "boot-1", 10);
    FleetStore.Lease l = fleet.lease("w1", 20, 60_000).orElseThrow();
    fleet.register("w1", "w1", 2, "boot-1", 30);
    assertEquals(
        TrialState.IN_PROGRESS,
        trials.find(l.trial().id()).orElseThrow().state(),
        "same boot: nothing expires");
    fleet.register("w1", "w1", 2, "boot-2", 40);
    TrialRecord t = trials.find(l.trial().id()).orElseThrow();
    assertEquals(TrialState.PENDING, t.state());
    assertEquals(1, t.attempt());
  }

  @Test
  void eachWorkersLostAndReportedLeasesAndLastBackendAreCounted() {
    job("a", 10, 4);
    trials.addProposals("a", 0, List.of(cfg(0.1), cfg(0.2), cfg(0.3), cfg(0.4), cfg(0.5)), 10);
    fleet.register("w1", "w1", 2, "boot-1", 10);
    fleet.register("w2", "w2", 2, "boot", 10);
    fleet.register("idle", "idle", 1, "boot", 10);
    assertEquals(Map.of(), fleet.history(), "no lease yet");
    // w1 loses one lease to expiry and one to its restart
    fleet.lease("w1", 20, 1000).orElseThrow();
    assertEquals(1, fleet.expireLeases(1021).size());
    fleet.lease("w1", 1100, 60_000).orElseThrow();
    fleet.register("w1", "w1", 2, "boot-2", 1200);
    // w2 reports three leases: the first with a provenance, the second with none, the last with
    // another backend; it holds a fourth
    String[] backends = {"cpu openblas avx2 1 thread", null, "java reference 2 threads"};
    for (int i = 0; i < 3; i++) {
      FleetStore.Lease l = fleet.lease("w2", 2000 + 100 * i, 60_000).orElseThrow();
      String prov = backends[i] == null ? null : "{\"backend\": \"" + backends[i] + "\"}";
      assertEquals(
          ReportAck.ACCEPTED,
          fleet.report(
              l.id(), new Outcome(Outcome.Kind.COMPLETED, 0.5, null, null, prov), 2050 + 100 * i));
    }
    fleet.lease("w2", 3000, 60_000).orElseThrow();
    assertEquals(
        Map.of(
            "w1",
            new FleetStore.WorkerHistory(2, 0, null),
            "w2",
            new FleetStore.WorkerHistory(0, 3, "java reference 2 threads")),
        fleet.history());
  }

  @Test
  void aWorkerIdBelongsToItsFirstTokenAndARefusedRegistrationChangesNothing() {
    job("a", 5, 2);
    trials.addProposals("a", 0, List.of(cfg(0.1)), 5);
    FleetStore.Worker w =
        fleet.register("w1", "w1", 1, "boot-1", "token-a", "hash-1", false, 10).orElseThrow();
    assertEquals("token-a", w.ownerToken());
    FleetStore.Lease l = fleet.lease("w1", 20, 60_000).orElseThrow();
    assertEquals(Optional.of("w1"), fleet.leaseWorker(l.id()).map(FleetStore.Worker::id));
    assertTrue(fleet.leaseWorker("no-such-lease").isEmpty());
    assertTrue(
        fleet.register("w1", "w1", 1, "boot-b", "token-b", "hash-b", false, 30).isEmpty(),
        "another token's registration is refused");
    FleetStore.Worker kept = fleet.worker("w1").orElseThrow();
    assertEquals("boot-1", kept.bootId());
    assertEquals("hash-1", kept.secretSha256());
    assertEquals(TrialState.IN_PROGRESS, trials.find(l.trial().id()).orElseThrow().state());
    // its own token again: a new secret, the same lease (same boot)
    fleet.register("w1", "w1", 1, "boot-1", "token-a", "hash-2", false, 40).orElseThrow();
    assertEquals("hash-2", fleet.leaseWorker(l.id()).orElseThrow().secretSha256());
    assertEquals(TrialState.IN_PROGRESS, trials.find(l.trial().id()).orElseThrow().state());
    // a take-over changes the owner and, with a new boot, expires the leases
    FleetStore.Worker taken =
        fleet.register("w1", "w1", 1, "boot-2", "token-admin", "hash-3", true, 50).orElseThrow();
    assertEquals("token-admin", taken.ownerToken());
    assertEquals(TrialState.PENDING, trials.find(l.trial().id()).orElseThrow().state());
  }

  @Test
  void uploadsAreRecordedPerLease() {
    job("a", 5, 2);
    trials.addProposals("a", 0, List.of(cfg(0.1), cfg(0.2)), 5);
    fleet.register("w1", "w1", 2, "boot", 10);
    FleetStore.Lease l1 = fleet.lease("w1", 20, 1000).orElseThrow();
    FleetStore.Lease l2 = fleet.lease("w1", 21, 1000).orElseThrow();
    fleet.recordUpload(l1.id(), "/store/sha256/ab/model.vernier", 30);
    fleet.recordUpload(l1.id(), "/store/sha256/ab/model.vernier", 31);
    assertTrue(fleet.uploaded(l1.id(), "/store/sha256/ab/model.vernier"));
    assertFalse(fleet.uploaded(l2.id(), "/store/sha256/ab/model.vernier"));
    assertFalse(fleet.uploaded(l1.id(), "/store/sha256/cd/model.vernier"));
  }

  @Test
  void concurrentLeasesNeverHandOutATrialTwice() throws Exception {
    job("a", 200, 100);
    List<Map<String, Object>> configs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      configs.add(cfg(0.001 * (i + 1)));
    }
    trials.addProposals("a", 0, configs, 5);
    for (int w = 0; w < 4; w++) {
      fleet.register("w" + w, "w" + w, 1, "boot", 10);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Long> leased = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> fs = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      String worker = "w" + w;
      fs.add(
          pool.submit(
              () -> {
                Optional<FleetStore.Lease> l;
                while ((l = fleet.lease(worker, 20, 1000)).isPresent()) {
                  leased.add(l.get().trial().id());
                  fleet.report(
                      l.get().id(), new Outcome(Outcome.Kind.COMPLETED, 0.5, null, null, null), 21);
                }
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    assertEquals(100, leased.size());
    Set<Long> unique = new HashSet<>(leased);
    assertEquals(100, unique.size());
    assertTrue(trials.trials("a").stream().allMatch(t -> t.state() == TrialState.COMPLETED));
  }

  @Test
  void aReportAndAnExpiryRacingOnOneLeaseOnTwoReplicasNeverBothHappen() throws Exception {
    Replica other = new Replica();
    fleet.register("w1", "w1", 1, "boot", 10);
    int accepted = 0;
    int expired = 0;
    for (int round = 0; round < 60; round++) {
      String job = "r" + round;
      job(job, 5, 1);
      TrialRecord t = trials.addProposals(job, 0, List.of(cfg(0.1)), 5).get(0);
      long now = 1000L * (round + 1);
      FleetStore.Lease l = fleet.lease("w1", now, 10).orElseThrow();
      assertEquals(t.id(), l.trial().id());
      java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<ReportAck> report =
            pool.submit(
                () -> {
                  barrier.await();
                  return fleet.report(
                      l.id(), new Outcome(Outcome.Kind.COMPLETED, 0.5, null, null, null), now + 20);
                });
        Future<List<TrialRecord>> expiry =
            pool.submit(
                () -> {
                  barrier.await();
                  return other.fleet.expireLeases(now + 20);
                });
        ReportAck ack = report.get();
        List<TrialRecord> lost = expiry.get();
        TrialRecord after = trials.find(t.id()).orElseThrow();
        String what = "round " + round + ": " + ack + ", expired " + lost + ", trial " + after;
        if (ack == ReportAck.ACCEPTED) {
          accepted++;
          assertEquals(List.of(), lost, what);
          assertEquals(TrialState.COMPLETED, after.state(), what);
          assertEquals(0.5, after.objective(), what);
          assertEquals(0, after.attempt(), what);
          assertEquals(t.id(), jobs.find(job).orElseThrow().bestTrialId(), what);
        } else {
          expired++;
          assertEquals(ReportAck.LEASE_LOST, ack, what);
          assertEquals(List.of(t.id()), lost.stream().map(TrialRecord::id).toList(), what);
          assertEquals(TrialState.PENDING, after.state(), what);
          assertEquals(1, after.attempt(), what);
          assertNull(after.objective(), what);
          assertNull(jobs.find(job).orElseThrow().bestTrialId(), what);
        }
        assertEquals(
            ack == ReportAck.ACCEPTED ? ReportAck.DUPLICATE : ReportAck.LEASE_LOST,
            other.fleet.report(
                l.id(), new Outcome(Outcome.Kind.COMPLETED, 0.9, null, null, null), now + 30),
            what + ": a retried report changes nothing");
        assertEquals(
            FleetStore.HeartbeatAck.LOST,
            other.fleet.heartbeat(l.id(), List.of(), now + 30, 10_000),
            what + ": an ended lease is never extended");
        if (after.state() == TrialState.PENDING) {
          jobs.requestStop(job, now + 40);
          trials.requestStopAll(job, now + 40);
        }
      } finally {
        pool.shutdown();
      }
    }
    assertEquals(60, accepted + expired);
  }

  @Test
  void twoReplicasLeasingFromAJobOfMaxParallelOneHandOutOneLease() throws Exception {
    Replica other = new Replica();
    for (int w = 0; w < 4; w++) {
      fleet.register("w" + w, "w" + w, 1, "boot", 10);
    }
    for (int round = 0; round < 20; round++) {
      String job = "p" + round;
      job(job, 10, 1);
      trials.addProposals(
          job, 0, List.of(cfg(0.1), cfg(0.2), cfg(0.3), cfg(0.4), cfg(0.5)), 5 + round);
      java.util.concurrent.atomic.AtomicInteger next =
          new java.util.concurrent.atomic.AtomicInteger();
      long now = 100 + round;
      List<Object> got =
          race(
              4,
              () -> {
                int i = next.getAndIncrement();
                return (i % 2 == 0 ? fleet : other.fleet).lease("w" + i, now, 60_000);
              });
      long leased = got.stream().filter(g -> g instanceof Optional<?> o && o.isPresent()).count();
      assertEquals(1, leased, "round " + round + ": " + got);
      assertEquals(
          1,
          trials.countByState(job).get(TrialState.IN_PROGRESS),
          "round " + round + ": one trial runs");
      // the job stops so the next round's job is the only one with work
      jobs.requestStop(job, now);
    }
  }

  @Test
  void aSlotComesBackWhicheverWayItsTrialStopsRunning() {
    job("a", 10, 1);
    List<Map<String, Object>> configs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      configs.add(cfg(0.01 * (i + 1)));
    }
    trials.addProposals("a", 0, configs, 5);
    fleet.register("w1", "w1", 1, "boot-1", 10);
    long now = 100;
    for (String end : List.of("completed", "failed", "stopped", "expired", "restarted", "stop")) {
      FleetStore.Lease l = fleet.lease("w1", now, 1000).orElseThrow(() -> new AssertionError(end));
      assertTrue(fleet.lease("w1", now + 1, 1000).isEmpty(), end + ": max parallel 1");
      switch (end) {
        case "completed", "failed", "stopped" -> {
          Outcome.Kind kind = Outcome.Kind.valueOf(end.toUpperCase(java.util.Locale.ROOT));
          assertEquals(
              ReportAck.ACCEPTED,
              fleet.report(l.id(), new Outcome(kind, 0.5, null, null, null), now + 2));
        }
        case "expired" -> assertEquals(1, fleet.expireLeases(now + 2000).size());
        case "restarted" -> fleet.register("w1", "w1", 1, "boot-2", now + 2);
        default -> {
          // the job stops: its running trial is told to stop and holds its slot until reported
          jobs.requestStop("a", now + 2);
          trials.requestStopAll("a", now + 2);
          TrialRecord told = trials.find(l.trial().id()).orElseThrow();
          assertEquals(TrialState.IN_PROGRESS, told.state(), end);
          assertTrue(told.stopRequested(), end);
          assertEquals(
              ReportAck.ACCEPTED,
              fleet.report(
                  l.id(), new Outcome(Outcome.Kind.STOPPED, null, null, null, null), now + 3));
          assertTrue(fleet.lease("w1", now + 4, 1000).isEmpty(), "a stopped job hands out none");
          assertEquals(0, trials.countByState("a").get(TrialState.IN_PROGRESS));
          return;
        }
      }
      now += 10_000;
    }
    throw new AssertionError("the loop ends at stop");
  }

  @Test
  void aReportThatAsksForTheNextTrialHandsItsSlotOverAndAnswersAsAReport() {
    job("a", 5, 1);
    List<TrialRecord> t = trials.addProposals("a", 0, List.of(cfg(0.1), cfg(0.2), cfg(0.3)), 5);
    fleet.register("w1", "w1", 1, "boot", 10);
    FleetStore.Lease l1 = fleet.lease("w1", 20, 1000).orElseThrow();
    FleetStore.Handover h1 =
        fleet.reportAndLease(
            l1.id(), new Outcome(Outcome.Kind.COMPLETED, 0.4, null, null, null), "w1", 30, 1000);
    assertEquals(ReportAck.ACCEPTED, h1.ack());
    FleetStore.Lease l2 = h1.next().orElseThrow(() -> new AssertionError("the slot goes on"));
    assertEquals(t.get(1).id(), l2.trial().id());
    assertEquals(TrialState.IN_PROGRESS, l2.trial().state());
    assertEquals(TrialState.COMPLETED, trials.find(t.get(0).id()).orElseThrow().state());
    assertEquals(t.get(0).id(), jobs.find("a").orElseThrow().bestTrialId());
    // a repeat: answered as a repeated report, and the one slot is held by trial 2
    FleetStore.Handover again =
        fleet.reportAndLease(
            l1.id(), new Outcome(Outcome.Kind.COMPLETED, 0.9, null, null, null), "w1", 31, 1000);
    assertEquals(ReportAck.DUPLICATE, again.ack());
    assertTrue(again.next().isEmpty(), "max parallel 1: trial 2 holds the slot");
    assertEquals(0.4, jobs.find("a").orElseThrow().bestObjective(), "a repeat changes nothing");
    // trial 2's lease expires: its late report is lost, and the worker gets trial 2 again
    assertEquals(1, fleet.expireLeases(2000).size());
    FleetStore.Handover late =
        fleet.reportAndLease(
            l2.id(), new Outcome(Outcome.Kind.COMPLETED, 0.2, null, null, null), "w1", 2001, 1000);
    assertEquals(ReportAck.LEASE_LOST, late.ack());
    FleetStore.Lease retry = late.next().orElseThrow();
    assertEquals(t.get(1).id(), retry.trial().id());
    assertEquals(1, retry.trial().attempt());
    FleetStore.Handover h3 =
        fleet.reportAndLease(
            retry.id(),
            new Outcome(Outcome.Kind.FAILED, null, "boom", null, null),
            "w1",
            2002,
            1000);
    assertEquals(ReportAck.ACCEPTED, h3.ack());
    FleetStore.Lease l3 = h3.next().orElseThrow();
    assertEquals(t.get(2).id(), l3.trial().id());
    FleetStore.Handover last =
        fleet.reportAndLease(
            l3.id(), new Outcome(Outcome.Kind.COMPLETED, 0.3, null, null, null), "w1", 2003, 1000);
    assertEquals(ReportAck.ACCEPTED, last.ack());
    assertTrue(last.next().isEmpty(), "nothing left to run");
    Map<TrialState, Integer> counts = trials.countByState("a");
    assertEquals(2, counts.get(TrialState.COMPLETED));
    assertEquals(1, counts.get(TrialState.FAILED));
    assertEquals(0, counts.get(TrialState.IN_PROGRESS));
    assertEquals(0.4, jobs.find("a").orElseThrow().bestObjective(), "maximised: 0.3 is worse");
    // the slot is free again for the job's next proposals
    trials.addProposals("a", 3, List.of(cfg(0.4)), 2004);
    assertTrue(fleet.lease("w1", 2005, 1000).isPresent());
  }

  @Test
  void leasesOnTwoReplicasAtOnceNeverRunMoreThanMaxParallel() throws Exception {
    Replica other = new Replica();
    job("a", 60, 3);
    List<Map<String, Object>> configs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      configs.add(cfg(0.001 * (i + 1)));
    }
    trials.addProposals("a", 0, configs, 5);
    int threads = 6;
    for (int w = 0; w < threads; w++) {
      fleet.register("w" + w, "w" + w, 1, "boot", 10);
    }
    List<Long> leased = Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger mostRunning =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Object> got =
        race(
            threads,
            () -> {
              int w = next.getAndIncrement();
              FleetStore f = w % 2 == 0 ? fleet : other.fleet;
              TrialStore t = w % 2 == 0 ? trials : other.trials;
              // half of the workers ask for their next trial with each report
              boolean handOver = w >= threads / 2;
              Outcome done = new Outcome(Outcome.Kind.COMPLETED, 0.5, null, null, null);
              int idle = 0;
              Optional<FleetStore.Lease> l = Optional.empty();
              while (idle < 50) {
                if (l.isEmpty()) {
                  l = f.lease("w" + w, 20, 60_000);
                }
                if (l.isEmpty()) {
                  idle++;
                  Thread.sleep(2);
                  continue;
                }
                idle = 0;
                leased.add(l.get().trial().id());
                Map<TrialState, Integer> counts = t.countByState("a");
                mostRunning.accumulateAndGet(
                    counts.get(TrialState.IN_PROGRESS) + counts.get(TrialState.STOPPING),
                    Math::max);
                if (handOver) {
                  FleetStore.Handover h = f.reportAndLease(l.get().id(), done, "w" + w, 21, 60_000);
                  assertEquals(ReportAck.ACCEPTED, h.ack());
                  l = h.next();
                } else {
                  f.report(l.get().id(), done, 21);
                  l = Optional.empty();
                }
              }
              return null;
            });
    assertTrue(got.stream().allMatch(g -> g == null), got.toString());
    assertEquals(60, leased.size());
    assertEquals(60, new HashSet<>(leased).size());
    assertTrue(mostRunning.get() <= 3, "at most 3 ran at once, saw " + mostRunning.get());
    assertTrue(mostRunning.get() >= 1);
    assertEquals(60, trials.countByState("a").get(TrialState.COMPLETED));
  }
}
