package dev.vernier.monitor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.window.PartitionMark;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract of every {@link IngestRepository}. */
public abstract class IngestRepositoryContract extends RepositoryContract {
  static final long NOTHING = Long.MIN_VALUE;

  IngestRepository ingest() {
    return repos.ingest();
  }

  IngestBatch positioned(int partition, long next, long maxEventTime, long... times) {
    return new IngestBatch(
        List.of(new IngestBatch.Position("events", partition, next, maxEventTime)),
        events(times),
        List.of(),
        Map.of("bad_json", 2L),
        false,
        false);
  }

  @Test
  void registeredPartitionsWaitUntilTheyDeliverOrAreIdle() {
    ingest().registerPartitions(ID, "events", List.of(0, 1));
    assertEquals(
        List.of(new PartitionMark(0, NOTHING, false), new PartitionMark(1, NOTHING, false)),
        ingest().partitionMarks(ID, "events"));
    ingest().ingest(ID, SECONDS, COLS, HORIZON, positioned(0, 5, 1_500, 1_500));
    ingest().markIdle(ID, "events", 1);
    assertEquals(
        List.of(new PartitionMark(0, 1_500, false), new PartitionMark(1, NOTHING, true)),
        ingest().partitionMarks(ID, "events"));
    ingest().registerPartitions(ID, "events", List.of(0, 2));
    assertEquals(3, ingest().partitionMarks(ID, "events").size());
    assertEquals(
        1_500, ingest().partitionMarks(ID, "events").get(0).maxEventTime(), "a known one keeps it");
    assertTrue(ingest().partitionMarks(ID, "other").isEmpty());
    ingest().markIdle(ID, "events", 0); // it delivered, then went quiet: idle too
    assertEquals(new PartitionMark(0, 1_500, true), ingest().partitionMarks(ID, "events").get(0));
    ingest().ingest(ID, SECONDS, COLS, HORIZON, positioned(0, 7, 2_500, 2_500));
    assertEquals(
        new PartitionMark(0, 2_500, false),
        ingest().partitionMarks(ID, "events").get(0),
        "events end its idleness");
  }

  @Test
  void aBatchCommitsItsCountsAndPositionsTogether() {
    IngestBatch.Result r =
        ingest().ingest(ID, SECONDS, COLS, HORIZON, positioned(3, 9, 2_100, 2_000, 2_100, 50));
    assertEquals(new IngestBatch.Result(3, 0, 0, 0), r);
    assertEquals(List.of(new IngestBatch.Position("events", 3, 9, 2_100)), ingest().positions(ID));
    Map<String, Long> counters = repos.monitors().counters(ID);
    assertEquals(3L, counters.get("events_accepted"));
    assertEquals(2L, counters.get("rejected_bad_json"));
    ingest().ingest(ID, SECONDS, COLS, HORIZON, positioned(3, 12, 2_000, 2_050));
    assertEquals(12, ingest().positions(ID).get(0).nextOffset());
  }

  @Test
  void aRequestSeenBeforeIsReplayedNotCountedAgain() {
    IngestBatch b =
        new IngestBatch(
            List.of(),
            events(100, 200),
            List.of(),
            Map.of(),
            false,
            false,
            new IngestBatch.Request("key-1", 5_000));
    IngestBatch.Result first = ingest().ingest(ID, SECONDS, COLS, HORIZON, b);
    IngestBatch.Result again = ingest().ingest(ID, SECONDS, COLS, HORIZON, b);
    assertFalse(first.replayed());
    assertTrue(again.replayed());
    assertEquals(first.accepted(), again.accepted());
    assertEquals(2L, repos.monitors().counters(ID).get("events_accepted"));
  }

  @Test
  void deadLettersAreRecordedOnceAttemptedAndRemovedWhenPublished() {
    IngestBatch b =
        positioned(0, 3, NOTHING)
            .withDeadLetters(
                List.of(
                    new DeadLetter(
                        "events", 0, 1, "bad_json", "at 1", new byte[] {1}, new byte[] {2}),
                    new DeadLetter("events", 0, 2, "bad_json", "at 2", null, new byte[] {3})));
    ingest().ingest(ID, SECONDS, COLS, HORIZON, b);
    ingest().ingest(ID, SECONDS, COLS, HORIZON, b); // read again after a crash: recorded once
    List<DeadLetter> pending = ingest().pendingDeadLetters(ID, 10);
    assertEquals(List.of(1L, 2L), pending.stream().map(DeadLetter::offset).toList());
    assertArrayEquals(new byte[] {2}, pending.get(0).value());
    assertNull(pending.get(0).attemptOffset());
    assertEquals(1, ingest().pendingDeadLetters(ID, 1).size(), "at most the limit");
    long firstId = pending.get(0).id();
    assertEquals(List.of(firstId), ingest().deadLettersAttempted(ID, List.of(firstId), 40));
    assertEquals(
        List.of(), ingest().deadLettersAttempted(ID, List.of(firstId), 41), "claimed before");
    assertEquals(40L, ingest().pendingDeadLetters(ID, 10).get(0).attemptOffset(), "the first");
    ingest().deadLettersPublished(ID, List.of(firstId));
    assertEquals(
        List.of(2L), ingest().pendingDeadLetters(ID, 10).stream().map(DeadLetter::offset).toList());
  }

  /** A dead letter of {@code topic}'s {@code partition} at {@code offset}. */
  private static DeadLetter letter(String topic, int partition, long offset) {
    return new DeadLetter(
        topic, partition, offset, "bad_json", "at " + offset, null, new byte[] {(byte) offset});
  }

  private static List<String> sources(List<DeadLetter> letters) {
    return letters.stream().map(DeadLetter::source).toList();
  }

  @Test
  void theOutboxIsReadByTheSourcePartitionsAConsumerHolds() throws Exception {
    List<DeadLetter> letters =
        List.of(
            letter("events", 0, 1),
            letter("events", 1, 1),
            letter("events", 2, 1),
            letter("labels", 1, 1),
            letter("events", 0, 2),
            letter("events", 2, 2),
            letter("labels", 0, 1));
    ingest()
        .ingest(
            ID,
            SECONDS,
            COLS,
            HORIZON,
            new IngestBatch(List.of(), List.of(), List.of(), Map.of("bad_json", 7L), false, false)
                .withDeadLetters(letters));
    SourcePartition e0 = new SourcePartition("events", 0);
    SourcePartition e2 = new SourcePartition("events", 2);
    SourcePartition l1 = new SourcePartition("labels", 1);
    assertEquals(
        List.of("events-0@1", "events-2@1", "events-0@2", "events-2@2"),
        sources(ingest().pendingDeadLetters(ID, Set.of(e0, e2), 10)),
        "its partitions only, oldest first");
    assertEquals(
        List.of("events-2@1", "labels-1@1", "events-2@2"),
        sources(ingest().pendingDeadLetters(ID, Set.of(e2, l1), 10)),
        "partitions of both topics; labels-0 and events-1 are not among them");
    assertEquals(
        List.of("events-0@1", "events-2@1"),
        sources(ingest().pendingDeadLetters(ID, Set.of(e0, e2), 2)),
        "at most the limit");
    assertTrue(ingest().pendingDeadLetters(ID, Set.of(), 10).isEmpty(), "no partition, no row");
    assertTrue(
        ingest().pendingDeadLetters(ID, Set.of(new SourcePartition("other", 0)), 10).isEmpty(),
        "the same number of another topic");
    assertTrue(
        ingest().pendingDeadLetters("mon-unknown", Set.of(e0, e2), 10).isEmpty(),
        "another monitor's");
    assertEquals(7, ingest().pendingDeadLetters(ID, 10).size(), "the unfiltered read sees all");

    // two replicas holding disjoint partitions read disjoint rows that together are the outbox;
    // a row published (deleted) by one is gone for the other
    Repositories other = repos.another().get();
    try {
      Set<SourcePartition> a = Set.of(e0, new SourcePartition("labels", 0));
      Set<SourcePartition> b = Set.of(new SourcePartition("events", 1), e2, l1);
      List<DeadLetter> readByA = ingest().pendingDeadLetters(ID, a, 10);
      List<DeadLetter> readByB = other.ingest().pendingDeadLetters(ID, b, 10);
      assertEquals(
          List.of("events-0@1", "events-0@2", "labels-0@1"), sources(readByA), "replica a");
      assertEquals(
          List.of("events-1@1", "events-2@1", "labels-1@1", "events-2@2"),
          sources(readByB),
          "replica b");
      other.ingest().deadLettersPublished(ID, readByB.stream().map(DeadLetter::id).toList());
      assertEquals(sources(readByA), sources(ingest().pendingDeadLetters(ID, 10)));
      assertTrue(other.ingest().pendingDeadLetters(ID, b, 10).isEmpty());
    } finally {
      other.closer().close();
    }
  }

  @Test
  void ofTwoReplicasMarkingTheSameDeadLettersEachClaimsDisjointRows() throws Exception {
    Repositories other = repos.another().get();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      int rounds = 20;
      int perRound = 40;
      int split = 0;
      int wonByA = 0;
      for (int round = 0; round < rounds; round++) {
        List<DeadLetter> letters = new java.util.ArrayList<>();
        for (int i = 0; i < perRound; i++) {
          letters.add(letter("events", i % 3, round * 100L + i));
        }
        ingest()
            .ingest(
                ID,
                SECONDS,
                COLS,
                HORIZON,
                new IngestBatch(List.of(), List.of(), List.of(), Map.of(), false, false)
                    .withDeadLetters(letters));
        List<Long> ids =
            ingest().pendingDeadLetters(ID, 1_000).stream().map(DeadLetter::id).toList();
        assertEquals(perRound, ids.size());
        // the same rows named in another order (the store's lock order is its own)
        List<Long> reversed = new java.util.ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.Future<List<Long>> a =
            pool.submit(
                () -> {
                  start.await();
                  return ingest().deadLettersAttempted(ID, ids, 1);
                });
        java.util.concurrent.Future<List<Long>> b =
            pool.submit(
                () -> {
                  start.await();
                  return other.ingest().deadLettersAttempted(ID, reversed, 2);
                });
        java.util.Set<Long> byA = new java.util.HashSet<>(a.get());
        java.util.Set<Long> byB = new java.util.HashSet<>(b.get());
        java.util.Set<Long> both = new java.util.HashSet<>(byA);
        both.retainAll(byB);
        assertEquals(java.util.Set.of(), both, "round " + round + ": rows claimed by both");
        java.util.Set<Long> all = new java.util.HashSet<>(byA);
        all.addAll(byB);
        assertEquals(new java.util.HashSet<>(ids), all, "round " + round + ": every row claimed");
        for (DeadLetter d : ingest().pendingDeadLetters(ID, 1_000)) {
          assertEquals(
              byA.contains(d.id()) ? 1L : 2L, d.attemptOffset(), "the mark is its claimant's");
        }
        wonByA += byB.isEmpty() ? 1 : 0;
        split += !byA.isEmpty() && !byB.isEmpty() ? 1 : 0;
        ingest().deadLettersPublished(ID, ids);
      }
      System.out.printf(
          "%d rounds: all rows claimed by a in %d, by b in %d, split in %d%n",
          rounds, wonByA, rounds - wonByA - split, split);
    } finally {
      pool.shutdownNow();
      other.closer().close();
    }
  }

  @Test
  void aBatchForAnUnknownMonitorIsRefused() {
    assertThrows(
        RuntimeException.class,
        () -> ingest().ingest("mon-none", SECONDS, COLS, HORIZON, batch(events(1), List.of())));
  }

  /** A Kafka batch of {@code times} on partition {@code partition}, read from {@code from}. */
  static IngestBatch fenced(int partition, long from, long next, long... times) {
    long max = NOTHING;
    for (long t : times) {
      max = Math.max(max, t);
    }
    return new IngestBatch(
        List.of(new IngestBatch.Position("events", partition, next, max, from)),
        events(times),
        List.of(),
        Map.of(),
        false,
        false);
  }

  long accepted() {
    return repos.monitors().counters(ID).getOrDefault("events_accepted", 0L);
  }

  @Test
  void aBatchReadFromAPositionStoredSinceIsRefusedWhole() {
    ingest().registerPartitions(ID, "events", List.of(0, 1));
    ingest().ingest(ID, SECONDS, COLS, HORIZON, fenced(0, -1, 5, 100, 200));
    // a consumer that lost partition 0 in a rebalance still stores what it read from the start
    StaleBatchException stale =
        assertThrows(
            StaleBatchException.class,
            () -> ingest().ingest(ID, SECONDS, COLS, HORIZON, fenced(0, -1, 3, 100)));
    assertEquals(5, stale.stored());
    assertEquals(-1, stale.from());
    // the whole batch: partition 1's part is fine, partition 0's is stale
    IngestBatch both =
        new IngestBatch(
            List.of(
                new IngestBatch.Position("events", 1, 7, 300, -1),
                new IngestBatch.Position("events", 0, 8, 400, 4)),
            events(300, 400),
            List.of(),
            Map.of("bad_json", 1L),
            false,
            false);
    assertThrows(
        StaleBatchException.class, () -> ingest().ingest(ID, SECONDS, COLS, HORIZON, both));
    assertEquals(2, accepted(), "nothing of the refused batches counted");
    assertNull(repos.monitors().counters(ID).get("rejected_bad_json"));
    assertEquals(2, windows0Events());
    assertEquals(
        Map.of(0, 5L, 1, -1L),
        ingest().positions(ID).stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    IngestBatch.Position::partition, IngestBatch.Position::nextOffset)));
    // read from the stored positions, it is stored; a partition with no row starts one
    ingest().ingest(ID, SECONDS, COLS, HORIZON, fenced(0, 5, 8, 400));
    ingest().ingest(ID, SECONDS, COLS, HORIZON, fenced(1, -1, 7, 300));
    ingest().ingest(ID, SECONDS, COLS, HORIZON, fenced(2, 40, 41, 500));
    assertEquals(5, accepted());
    // HTTP batches and positions without a fence are stored whatever the stored one is
    ingest().ingest(ID, SECONDS, COLS, HORIZON, positioned(0, 2, 600, 600));
    assertEquals(6, accepted());
  }

  private long windows0Events() {
    return repos.windows().openWindows(ID).stream().mapToLong(WindowRecord::events).sum();
  }

  @Test
  void twoReplicasStoringOneBatchCountItOnce() throws Exception {
    Repositories other = repos.another().get();
    try {
      ingest().registerPartitions(ID, "events", List.of(0));
      ingest().ingest(ID, SECONDS, COLS, HORIZON, fenced(0, -1, 10, 100));
      int rounds = 20;
      int stale = 0;
      for (int round = 0; round < rounds; round++) {
        long from = 10 + round * 10L;
        IngestBatch b = fenced(0, from, from + 10, 1_000 + round, 2_000 + round);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool =
            java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
          List<java.util.concurrent.Future<Boolean>> f = new java.util.ArrayList<>();
          for (IngestRepository r : List.of(ingest(), other.ingest())) {
            f.add(
                pool.submit(
                    () -> {
                      start.await();
                      try {
                        r.ingest(ID, SECONDS, COLS, HORIZON, b);
                        return true;
                      } catch (StaleBatchException e) {
                        return false;
                      }
                    }));
          }
          int stored = (f.get(0).get() ? 1 : 0) + (f.get(1).get() ? 1 : 0);
          assertEquals(1, stored, "round " + round + ": one of the two stores it");
          stale += 2 - stored;
        } finally {
          pool.shutdownNow();
        }
      }
      assertEquals(rounds, stale);
      assertEquals(1 + 2 * rounds, accepted());
      assertEquals(1 + 2L * rounds, windows0Events());
      assertEquals(10 + rounds * 10L, ingest().positions(ID).get(0).nextOffset());
    } finally {
      other.closer().close();
    }
  }

  @Test
  void anInferenceIdCountsOnceInTheWindows() {
    IngestBatch.Result first =
        ingest(List.of(event(100, 1), event(200, 1), event(100, 0)), List.of());
    assertEquals(2, first.accepted());
    assertEquals(1, first.duplicates(), "the second e100 of the batch");
    IngestBatch.Result again = ingest(List.of(event(200, 0), event(300, 1)), List.of());
    assertEquals(1, again.accepted());
    assertEquals(1, again.duplicates(), "e200 sent again");
    assertEquals(3, windows0Events());
    assertEquals(3, repos.windows().windowData(ID, 0, COLS).rows());
    Map<String, Long> c = repos.monitors().counters(ID);
    assertEquals(3L, c.get("events_accepted"), c.toString());
    assertEquals(2L, c.get("events_duplicate"), c.toString());
  }

  @Test
  void anIdIsRememberedWhileItsWindowIsOpenAndForTheHorizonAfterItsEvent() {
    long horizon = HORIZON.toMillis();
    ingest(100, 1_500); // windows 0 and 1000
    close(0, 5_000, 0, List.of(), List.of()); // window 0 closed: e100's repeat would be late
    IngestBatch.Result within = ingest(100);
    assertEquals(1, within.duplicates(), "within the horizon: remembered, a duplicate");
    assertEquals(0, within.late());
    // the newest event time moves past the horizon of both events
    assertEquals(1, ingest(1_500 + horizon + 1).accepted());
    IngestBatch.Result after = ingest(100, 1_500);
    assertEquals(0, after.accepted());
    assertEquals(1, after.late(), "e100 forgotten with its window closed: late, never counted");
    assertEquals(1, after.duplicates(), "e1500's window is still open: remembered");
    assertEquals(1, repos.windows().windowData(ID, 1_000, COLS).rows());
  }

  /**
   * Two replicas (two stores, each its own pool, on one database) storing batches that carry the
   * same inference ids at once: each id is counted once, whichever stores it; the other finds it.
   */
  @Test
  void twoReplicasStoringOneInferenceIdCountItOnce() throws Exception {
    Repositories other = repos.another().get();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      int rounds = 20;
      int perRound = 10;
      for (int round = 0; round < rounds; round++) {
        long[] times = new long[perRound];
        for (int i = 0; i < perRound; i++) {
          times[i] = 1_000L * round + i;
        }
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        List<java.util.concurrent.Future<IngestBatch.Result>> f = new java.util.ArrayList<>();
        for (IngestRepository r : List.of(ingest(), other.ingest())) {
          f.add(
              pool.submit(
                  () -> {
                    start.await();
                    return r.ingest(ID, SECONDS, COLS, HORIZON, batch(events(times), List.of()));
                  }));
        }
        IngestBatch.Result a = f.get(0).get();
        IngestBatch.Result b = f.get(1).get();
        assertEquals(perRound, a.accepted() + b.accepted(), "round " + round);
        assertEquals(perRound, a.duplicates() + b.duplicates(), "round " + round);
      }
      assertEquals((long) rounds * perRound, accepted());
      assertEquals(
          (long) rounds * perRound,
          repos.windows().openWindows(ID).stream().mapToLong(WindowRecord::events).sum());
    } finally {
      pool.shutdownNow();
      other.closer().close();
    }
  }

  /**
   * Two first requests with one idempotency key stored at once by two replicas: one applies its
   * batch, the other answers its result, replayed; neither fails (a unique-key violation was a
   * 500).
   */
  @Test
  void twoFirstRequestsWithOneKeyStoredAtOnceApplyItOnce() throws Exception {
    Repositories other = repos.another().get();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      int rounds = 20;
      for (int round = 0; round < rounds; round++) {
        IngestBatch b =
            new IngestBatch(
                List.of(),
                events(10_000L * round, 10_000L * round + 1),
                List.of(),
                Map.of(),
                false,
                false,
                new IngestBatch.Request(
                    "key-" + round, 5_000 + round, "events", "sha-" + round, "[]"));
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        List<java.util.concurrent.Future<IngestBatch.Result>> f = new java.util.ArrayList<>();
        for (IngestRepository r : List.of(ingest(), other.ingest())) {
          f.add(
              pool.submit(
                  () -> {
                    start.await();
                    return r.ingest(ID, SECONDS, COLS, HORIZON, b);
                  }));
        }
        IngestBatch.Result a = f.get(0).get();
        IngestBatch.Result c = f.get(1).get();
        assertTrue(a.replayed() != c.replayed(), "round " + round + ": one applies, one replays");
        assertEquals(2, a.accepted(), "round " + round);
        assertEquals(2, c.accepted(), "round " + round + ": the replay answers the first's result");
      }
      assertEquals(2L * rounds, accepted(), "each request applied once");
    } finally {
      pool.shutdownNow();
      other.closer().close();
    }
  }
}
