package dev.vernier.tuner.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.catalog.Direction;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.SearchSpace;
import dev.vernier.platform.db.Database;
import dev.vernier.tuner.job.Channel;
import dev.vernier.tuner.job.Completion;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.Limits;
import dev.vernier.tuner.job.Objective;
import dev.vernier.tuner.job.WarmStart;
import dev.vernier.tuner.storage.sql.SqlFleetStore;
import dev.vernier.tuner.storage.sql.SqlJobStore;
import dev.vernier.tuner.storage.sql.SqlTrialStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every tuner store contract test starts from: a database opened by the subclass (a real
 * SQLite file, a PostgreSQL database), the three stores over it and a job factory. Each
 * repository's contract is its own abstract test ({@link JobStoreContractTest}, {@link
 * TrialStoreContractTest}, {@link FleetStoreContractTest}); a database the tuner supports extends
 * each of them.
 */
abstract class StoreContract {
  /** A fresh, migrated database for one test; closed after it. */
  protected abstract Database open() throws Exception;

  /**
   * Another pool on the database {@link #open()} made (already migrated), as a second service
   * replica would open it; the caller closes it.
   */
  protected abstract Database openReplica() throws Exception;

  /** The three stores of a second replica on this test's database, closed after the test. */
  final class Replica {
    final Database db;
    final JobStore jobs;
    final TrialStore trials;
    final FleetStore fleet;

    Replica() throws Exception {
      db = openReplica();
      replicas.add(db);
      jobs = new SqlJobStore(db);
      trials = new SqlTrialStore(db);
      fleet = new SqlFleetStore(db, 3);
    }
  }

  private final List<Database> replicas = new ArrayList<>();

  Database db;
  JobStore jobs;
  TrialStore trials;
  FleetStore fleet;

  @BeforeEach
  void setUp() throws Exception {
    db = open();
    jobs = new SqlJobStore(db);
    trials = new SqlTrialStore(db);
    fleet = new SqlFleetStore(db, 3);
  }

  @AfterEach
  void tearDown() {
    replicas.forEach(Database::close);
    db.close();
  }

  static JobSpec spec(
      String name, Direction direction, int maxTrials, int parallel, WarmStart warm) {
    return new JobSpec(
        name,
        "mlp",
        null,
        Map.of("train", new Channel(Path.of("/data/train.csv"), null, "auto")),
        new Objective("validation:accuracy", direction),
        new SearchSpace(Map.of("learning_rate", ContinuousRange.log(1e-4, 1))),
        Map.of("epochs", "3"),
        "random",
        new Limits(maxTrials, parallel, null, null),
        "off",
        Completion.NONE,
        warm,
        7,
        List.of());
  }

  JobRecord job(String name, int maxTrials, int parallel) {
    return job(jobs, name, maxTrials, parallel);
  }

  /** A job of {@code maxTrials} and {@code parallel} slots, created in {@code jobs} and started. */
  static JobRecord job(JobStore jobs, String name, int maxTrials, int parallel) {
    JobRecord j =
        new JobRecord(
            name,
            spec(name, Direction.MAXIMIZE, maxTrials, parallel, WarmStart.NONE),
            JobState.PENDING,
            null,
            0,
            null,
            null,
            false,
            1000,
            1000,
            null);
    jobs.create(j);
    assertTrue(jobs.transition(name, JobState.PENDING, JobState.IN_PROGRESS, null, 1001));
    return j;
  }

  static Map<String, Object> cfg(double lr) {
    return Map.of("learning_rate", lr);
  }

  /**
   * Runs {@code body} on {@code threads} threads released together; each result is what it returned
   * or the exception it threw.
   */
  static List<Object> race(int threads, java.util.concurrent.Callable<?> body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    try {
      List<Future<Object>> fs = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        fs.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return body.call();
                  } catch (RuntimeException e) {
                    return e;
                  }
                }));
      }
      go.countDown();
      List<Object> out = new ArrayList<>();
      for (Future<Object> f : fs) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }
}
