package dev.vernier.tuner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.Direction;
import dev.vernier.platform.error.AlreadyExistsException;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.WarmStart;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@link JobStore} contract: creation, listing, state moves as compare-and-set, stops. */
abstract class JobStoreContractTest extends StoreContract {
  @Test
  void jobsAreStoredListedAndMoveOnlyFromTheExpectedState() {
    job("a", 5, 1);
    job("b", 5, 1);
    JobRecord a = jobs.find("a").orElseThrow();
    assertEquals(JobState.IN_PROGRESS, a.state());
    assertEquals(spec("a", Direction.MAXIMIZE, 5, 1, WarmStart.NONE), a.spec());
    assertEquals(2, jobs.count(null));
    // newest first; equal times by id
    assertEquals(List.of("a", "b"), jobs.list(null, 0, 10).stream().map(JobRecord::id).toList());
    assertEquals(List.of("b"), jobs.list(null, 1, 1).stream().map(JobRecord::id).toList());
    assertEquals(2, jobs.active().size());
    assertFalse(jobs.transition("a", JobState.PENDING, JobState.FAILED, "x", 2000));
    assertTrue(jobs.transition("a", JobState.IN_PROGRESS, JobState.COMPLETED, "done", 2000));
    JobRecord done = jobs.find("a").orElseThrow();
    assertEquals(2000L, done.endedAt());
    assertEquals(1, jobs.count(JobState.COMPLETED));
    assertEquals(List.of("b"), jobs.active().stream().map(JobRecord::id).toList());
    assertFalse(jobs.requestStop("a", 3000), "an ended job cannot be stopped");
    assertTrue(jobs.requestStop("b", 3000));
    assertTrue(jobs.find("b").orElseThrow().stopRequested());
    assertEquals(Optional.empty(), jobs.find("nope"));
  }

  @Test
  void duplicateNamesAndMissingParentsAreRefused() {
    job("a", 5, 1);
    assertThrows(AlreadyExistsException.class, () -> job("a", 5, 1));
    JobRecord child =
        new JobRecord(
            "c",
            spec(
                "c",
                Direction.MAXIMIZE,
                5,
                1,
                new WarmStart(List.of("a", "ghost"), WarmStart.Type.TRANSFER)),
            JobState.PENDING,
            null,
            0,
            null,
            null,
            false,
            1,
            1,
            null);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> jobs.create(child));
    assertTrue(e.getMessage().contains("ghost"), e.getMessage());
    assertTrue(jobs.find("c").isEmpty(), "nothing of a refused job is stored");
  }

  @Test
  void concurrentCreatesOfOneNameStoreOneJob() throws Exception {
    List<Object> results = race(4, () -> job("same", 5, 1));
    assertEquals(1, results.stream().filter(r -> r instanceof JobRecord).count(), "one wins");
    for (Object r : results) {
      if (!(r instanceof JobRecord)) {
        AlreadyExistsException e = assertInstanceOf(AlreadyExistsException.class, r);
        assertEquals("$.name", e.field());
        assertEquals("same", e.value());
      }
    }
    assertEquals(1, jobs.count(null));
  }

  @Test
  void concurrentTransitionsMoveAJobOnce() throws Exception {
    job("a", 5, 1);
    List<Object> moved =
        race(4, () -> jobs.transition("a", JobState.IN_PROGRESS, JobState.STOPPED, "stop", 2000));
    assertEquals(1, moved.stream().filter(Boolean.TRUE::equals).count(), String.valueOf(moved));
    assertEquals(JobState.STOPPED, jobs.find("a").orElseThrow().state());
    assertEquals("stop", jobs.find("a").orElseThrow().stateReason());
  }

  @Test
  void unknownIdsChangeNothing() {
    assertFalse(jobs.transition("ghost", JobState.PENDING, JobState.IN_PROGRESS, null, 1));
    assertFalse(jobs.requestStop("ghost", 1));
    assertEquals(0, jobs.count(null));
    assertEquals(List.of(), jobs.list(JobState.PENDING, 0, 10));
    assertEquals(List.of(), jobs.active());
  }

  @Test
  void theSchedulingLeaseIsRenewedByItsHolderAndTakenOverOnlyOnceExpired() {
    job("a", 5, 1);
    assertNull(jobs.find("a").orElseThrow().schedulerReplica(), "a new job has no holder");
    assertTrue(jobs.claimScheduling("a", "r1", 10_000, 3000));
    JobRecord held = jobs.find("a").orElseThrow();
    assertEquals("r1", held.schedulerReplica());
    assertEquals(13_000L, held.schedulerUntil());
    assertFalse(jobs.claimScheduling("a", "r2", 11_000, 3000), "held by r1");
    assertTrue(jobs.claimScheduling("a", "r1", 12_000, 3000), "the holder renews");
    assertEquals(15_000L, jobs.find("a").orElseThrow().schedulerUntil());
    assertFalse(jobs.claimScheduling("a", "r2", 14_999, 3000), "renewed: still r1's");
    assertFalse(jobs.claimScheduling("a", "r2", 15_000, 3000), "valid up to its last milli");
    assertTrue(jobs.claimScheduling("a", "r2", 15_001, 3000), "expired: r2 takes it over");
    assertEquals("r2", jobs.find("a").orElseThrow().schedulerReplica());
    assertFalse(jobs.claimScheduling("a", "r1", 15_002, 3000), "the old holder is refused");
    assertFalse(jobs.releaseScheduling("a", "r1"), "only the holder releases");
    assertEquals("r2", jobs.find("a").orElseThrow().schedulerReplica());
    assertTrue(jobs.releaseScheduling("a", "r2"));
    assertNull(jobs.find("a").orElseThrow().schedulerReplica());
    assertNull(jobs.find("a").orElseThrow().schedulerUntil());
    assertTrue(jobs.claimScheduling("a", "r1", 15_003, 3000), "released: anyone's at once");
    // an ended job, released, is nobody's: a replica that read it as active cannot take it
    assertTrue(
        jobs.transition(
            "a", JobState.IN_PROGRESS, JobState.COMPLETED, "all 5 trials ended", 15_003));
    assertTrue(jobs.releaseScheduling("a", "r1"));
    assertFalse(jobs.claimScheduling("a", "r2", 15_004, 3000), "ended");
    assertNull(jobs.find("a").orElseThrow().schedulerReplica());
    job("b", 5, 1);
    assertTrue(jobs.claimScheduling("b", "r1", 15_003, 3000));
    assertTrue(jobs.claimScheduling("b", "r1", 15_004, 3000));
    assertEquals(1, jobs.releaseAllScheduling("r1"), "b (a ended and was released)");
    assertEquals(0, jobs.releaseAllScheduling("r1"));
    assertFalse(jobs.claimScheduling("ghost", "r1", 1, 3000), "an unknown job");
  }

  @Test
  void replicasRacingForOneJobsSchedulingLeaseLetExactlyOneWin() throws Exception {
    Replica other = new Replica();
    for (int round = 0; round < 40; round++) {
      String id = "job-" + round;
      job(id, 5, 1);
      long now = 100_000 + round;
      // four claimants on two pools: replicas a and c through this one, b and d through the other
      java.util.concurrent.atomic.AtomicInteger next =
          new java.util.concurrent.atomic.AtomicInteger();
      List<Object> won =
          race(
              4,
              () -> {
                int i = next.getAndIncrement();
                String replica = String.valueOf((char) ('a' + i));
                JobStore store = i % 2 == 0 ? jobs : other.jobs;
                return store.claimScheduling(id, replica, now, 3000) ? replica : "";
              });
      List<Object> winners = won.stream().filter(w -> !"".equals(w)).toList();
      assertEquals(1, winners.size(), "round " + round + ": " + won);
      assertEquals(winners.get(0), other.jobs.find(id).orElseThrow().schedulerReplica());
    }
  }
}
