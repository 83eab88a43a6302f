package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.PostgresServer;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.storage.FleetStore;
import dev.vernier.tuner.storage.FleetStore.Outcome;
import dev.vernier.tuner.storage.FleetStore.ReportAck;
import dev.vernier.tuner.storage.sql.SqlFleetStore;
import dev.vernier.tuner.storage.sql.SqlJobStore;
import dev.vernier.tuner.storage.sql.SqlTrialStore;
import dev.vernier.tuner.storage.sql.TunerSchema;
import dev.vernier.tuner.strategy.StrategyRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two service replicas ("a" and "b": two schedulers, each with its own pool, on one database, one
 * simulated clock): each job is scheduled by one of them at a time, and a replica that stops
 * ticking loses its jobs to the other once its scheduling lease ran out. On SQLite and PostgreSQL.
 */
class SchedulerReplicasTest {
  static final Duration TTL = Duration.ofSeconds(3);

  @org.junit.jupiter.api.io.TempDir Path dir;
  TunerHarness h;
  Database second;

  /** A replica's scheduler and how many proposals it made. */
  record Replica(Scheduler scheduler, AtomicInteger proposed, FleetStore fleet) {}

  @AfterEach
  void tearDown() {
    if (second != null) {
      second.close();
    }
    if (h != null) {
      h.close();
    }
  }

  /** Replica a on the harness's database, b on a second pool; returns {a, b}. */
  List<Replica> replicas(String database) throws Exception {
    Database first;
    if (database.equals("sqlite")) {
      first = TunerSchema.migrate(Database.sqlite(dir.resolve("vernier.db")));
      second = Database.sqlite(dir.resolve("vernier.db"));
    } else {
      PostgresServer server = PostgresServer.shared();
      String url = server.newDatabase();
      first = TunerSchema.migrate(Database.postgres(url, server.user(), "", 4));
      second = Database.postgres(url, server.user(), "", 4);
    }
    h = new TunerHarness(dir, first);
    Replica a = replica("a", new SqlJobStore(first), new SqlTrialStore(first), h.fleet);
    SqlFleetStore bFleet = new SqlFleetStore(second, 3);
    Replica b = replica("b", new SqlJobStore(second), new SqlTrialStore(second), bFleet);
    return List.of(a, b);
  }

  Replica replica(String id, SqlJobStore jobs, SqlTrialStore trials, FleetStore fleet) {
    AtomicInteger proposed = new AtomicInteger();
    TunerMetrics counting =
        new TunerMetrics() {
          @Override
          public void leaseExpired(boolean retried) {}

          @Override
          public void suggested(long nanos, int count) {
            proposed.addAndGet(count);
          }

          @Override
          public void reported(String outcome, boolean accepted) {}
        };
    Scheduler s =
        new Scheduler(
            jobs,
            trials,
            fleet,
            StrategyRegistry.load(),
            TunerHarness.CATALOG,
            h.clock,
            counting,
            id,
            TTL);
    return new Replica(s, proposed, fleet);
  }

  /** Leases and completes every trial it can through {@code fleet}; returns how many. */
  int runTrials(FleetStore fleet, String worker) {
    return runTrials(fleet, worker, Integer.MAX_VALUE);
  }

  /** Leases and completes up to {@code max} trials through {@code fleet}; returns how many. */
  int runTrials(FleetStore fleet, String worker, int max) {
    int n = 0;
    Optional<FleetStore.Lease> l;
    while (n < max && (l = fleet.lease(worker, h.clock.millis(), 60_000)).isPresent()) {
      double x = ((Number) l.get().trial().config().get("x")).doubleValue();
      assertEquals(
          ReportAck.ACCEPTED,
          fleet.report(
              l.get().id(),
              new Outcome(Outcome.Kind.COMPLETED, (x - 2) * (x - 2), null, null, null),
              h.clock.millis()));
      n++;
    }
    return n;
  }

  static void assertTrialsOneToTwenty(List<TrialRecord> ts) {
    assertEquals(
        IntStream.rangeClosed(1, 20).boxed().toList(),
        ts.stream().map(TrialRecord::number).sorted().toList(),
        "20 trials numbered 1..20, none proposed twice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void twoReplicasTickingTogetherScheduleAJobOnce(String database) throws Exception {
    List<Replica> rs = replicas(database);
    h.submit(h.job("twenty", "random", 20, 4, ""));
    h.fleet.register("w", "w", 4, "boot", h.clock.millis());
    AtomicBoolean done = new AtomicBoolean();
    List<AtomicInteger> ticks = List.of(new AtomicInteger(), new AtomicInteger());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> tickers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Replica r = rs.get(i);
      AtomicInteger count = ticks.get(i);
      tickers.add(
          pool.submit(
              () -> {
                while (!done.get()) {
                  r.scheduler().tick();
                  count.incrementAndGet();
                }
                return null;
              }));
    }
    int rounds = 0;
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int ran = 0;
      while (h.jobs.find("twenty").orElseThrow().state() != JobState.COMPLETED) {
        assertTrue(System.nanoTime() < deadline, "the job completes within 60 s");
        // a trial a round, by a worker on either replica; time passes by less than the lease per
        // round, and both replicas tick at least twice in each round
        ran += runTrials(rs.get(rounds++ % 2).fleet(), "w", 1);
        h.clock.advance(100);
        int a = ticks.get(0).get();
        int b = ticks.get(1).get();
        while (ticks.get(0).get() < a + 2 || ticks.get(1).get() < b + 2) {
          assertTrue(System.nanoTime() < deadline, "both replicas tick");
          Thread.onSpinWait();
        }
      }
      assertEquals(20, ran);
    } finally {
      done.set(true);
      pool.shutdown();
    }
    for (Future<?> f : tickers) {
      f.get();
    }
    int ticksA = ticks.get(0).get();
    int ticksB = ticks.get(1).get();
    JobRecord j = h.jobs.find("twenty").orElseThrow();
    assertEquals(20, j.trialsCreated());
    assertTrialsOneToTwenty(h.trials.trials("twenty"));
    int byA = rs.get(0).proposed().get();
    int byB = rs.get(1).proposed().get();
    assertNull(j.schedulerReplica(), "the ended job's scheduling lease was given up");
    String holder = byA > 0 ? "a" : "b";
    assertEquals(
        20,
        holder.equals("a") ? byA : byB,
        "the holder "
            + holder
            + " made every proposal (a: "
            + byA
            + " in "
            + ticksA
            + " ticks, b: "
            + byB
            + " in "
            + ticksB
            + ")");
    assertEquals(0, holder.equals("a") ? byB : byA, "the other replica proposed nothing");
    assertTrue(rounds >= 20, "the job took " + rounds + " rounds of both replicas' ticks");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void aReplicaThatStopsTickingLosesItsJobsAfterTheLease(String database) throws Exception {
    List<Replica> rs = replicas(database);
    Replica a = rs.get(0);
    Replica b = rs.get(1);
    // bayesian: four proposals a tick (random would queue the whole job ahead in one)
    h.submit(h.job("twenty", "bayesian", 20, 4, ""));
    h.fleet.register("w", "w", 4, "boot", h.clock.millis());
    a.scheduler().tick();
    int firstBatch = a.proposed().get();
    assertTrue(firstBatch > 0, "a holds the job and proposes");
    assertEquals("a", h.jobs.find("twenty").orElseThrow().schedulerReplica());
    runTrials(b.fleet(), "w");
    // a is killed: it never ticks again; b waits out a's lease
    b.scheduler().tick();
    h.clock.advance(TTL.toMillis());
    b.scheduler().tick();
    assertEquals(0, b.proposed().get(), "a's lease holds up to its last millisecond");
    assertEquals(firstBatch, h.trials.trials("twenty").size());
    h.clock.advance(1);
    b.scheduler().tick();
    assertTrue(b.proposed().get() > 0, "b took the job over once a's lease ran out");
    assertEquals("b", h.jobs.find("twenty").orElseThrow().schedulerReplica());
    long until = h.clock.millis() + TTL.toMillis();
    assertEquals(until, h.jobs.find("twenty").orElseThrow().schedulerUntil());
    // renewed only once less than half the lease is left: ticks save the write before that
    h.clock.advance(TTL.toMillis() / 2 - 1);
    b.scheduler().tick();
    assertEquals(until, h.jobs.find("twenty").orElseThrow().schedulerUntil());
    h.clock.advance(1);
    b.scheduler().tick();
    assertEquals(
        h.clock.millis() + TTL.toMillis(), h.jobs.find("twenty").orElseThrow().schedulerUntil());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (h.jobs.find("twenty").orElseThrow().state() != JobState.COMPLETED) {
      assertTrue(System.nanoTime() < deadline, "b completes the job within 60 s");
      runTrials(b.fleet(), "w");
      h.clock.advance(500);
      b.scheduler().tick();
    }
    assertEquals(firstBatch, a.proposed().get(), "a made no decision after it stopped");
    assertEquals(20, firstBatch + b.proposed().get());
    assertTrialsOneToTwenty(h.trials.trials("twenty"));
    // a clean shutdown gives the leases up at once
    h.submit(h.job("next", "random", 5, 1, ""));
    b.scheduler().tick();
    assertEquals("b", h.jobs.find("next").orElseThrow().schedulerReplica());
    assertNull(h.jobs.find("twenty").orElseThrow().schedulerReplica(), "released as it ended");
    assertEquals(1, b.scheduler().release(), "b's one job (the ended one was released)");
    b.scheduler().tick();
    assertEquals(null, h.jobs.find("next").orElseThrow().schedulerReplica(), "b ticks no more");
    a.scheduler().tick();
    assertEquals("a", h.jobs.find("next").orElseThrow().schedulerReplica());
  }
}
