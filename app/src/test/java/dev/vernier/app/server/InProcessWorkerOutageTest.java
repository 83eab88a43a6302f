package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.data.DataRoots;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.core.json.Json;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.PostgresServer;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpecParser;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.service.ArtifactStore;
import dev.vernier.tuner.service.DefaultTuningService;
import dev.vernier.tuner.service.FleetService;
import dev.vernier.tuner.service.LocalFleetClient;
import dev.vernier.tuner.service.Scheduler;
import dev.vernier.tuner.service.TunerMetrics;
import dev.vernier.tuner.stopping.StopperRegistry;
import dev.vernier.tuner.storage.sql.SqlFleetStore;
import dev.vernier.tuner.storage.sql.SqlJobStore;
import dev.vernier.tuner.storage.sql.SqlTrialStore;
import dev.vernier.tuner.storage.sql.TunerSchema;
import dev.vernier.tuner.strategy.StrategyRegistry;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.runtime.TrialListener;
import dev.vernier.worker.runtime.WorkerRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's in-process worker slots live through a short PostgreSQL outage, as a remote worker
 * does over HTTP (503 + Retry-After): a 2-second {@code pg_ctl restart -m fast} used to fail a
 * running trial for good ("worker error: org.jooq.exception.DataAccessException", from the
 * heartbeat inside its training loop) and, on another replica, drop a finished trial's report
 * ("SEVERE worker slot failed", the trial run again 30 s later).
 *
 * <p>A real PostgreSQL of its own, stopped ({@code -m fast}) and started again 2 s later, twice:
 * once while the first trial's heartbeat is in flight, once while the second trial's upload and
 * report are. To meet the outage in flight rather than between two calls, a second connection holds
 * a lock on the lease table until the server stops: the worker's statement waits on it and is cut
 * off by "terminating connection due to administrator command" (57P01), as in the report. Both
 * trials complete on their first attempt, each counted once, and nothing is logged as SEVERE.
 */
class InProcessWorkerOutageTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aRunningTrialAndAReportThatMeetARestartComplete() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 300, 1);
    TestData.csv(data, "val.csv", 100, 2);
    Records log = new Records();
    try (PostgresServer pg = PostgresServer.start();
        Database db = TunerSchema.migrate(Database.postgres(pg.jdbcUrl(), pg.user(), "", 4))) {
      Outages outages = new Outages(pg);
      Clock clock = Clock.systemUTC();
      SqlJobStore jobs = new SqlJobStore(db);
      SqlTrialStore trials = new SqlTrialStore(db);
      SqlFleetStore fleet = new SqlFleetStore(db, 3);
      StrategyRegistry strategies = StrategyRegistry.load();
      var catalog = Algorithms.catalog();
      DataRoots roots = new DataRoots(List.of(data));
      FleetService service =
          new FleetService(
              jobs,
              trials,
              fleet,
              new Scheduler(jobs, trials, fleet, strategies, catalog, clock, TunerMetrics.NONE),
              strategies,
              StopperRegistry.load(),
              new ArtifactStore(dir.resolve("artifacts")),
              clock,
              Duration.ofSeconds(10),
              1 << 26,
              TunerMetrics.NONE,
              roots);
      JobSpecParser parser = new JobSpecParser(catalog, List.of(), strategies.names(), roots);
      DefaultTuningService tuning =
          new DefaultTuningService(jobs, trials, parser, strategies, clock);
      JobRecord job =
          tuning.submit(parser.parse(Json.MAPPER.readTree(TestData.job("outage", "random", 2, 1))));

      // the first trial meets the outage in its training loop, the second with its result
      AtomicInteger started = new AtomicInteger();
      AtomicInteger ended = new AtomicInteger();
      TrialListener listener =
          new TrialListener() {
            @Override
            public void started(TrialAssignment a) {
              if (started.incrementAndGet() == 1) {
                outages.next();
              }
            }

            @Override
            public void ended(TrialAssignment a, TrialReport r) {
              if (ended.incrementAndGet() == 2) {
                outages.next();
              }
            }
          };
      WorkerRuntime.Settings settings =
          new WorkerRuntime.Settings(
              "local-outage",
              1,
              "java",
              1,
              dir.resolve("work"),
              Duration.ofMillis(100),
              Map.of(),
              List.of(data));
      try (WorkerRuntime worker =
          new WorkerRuntime(
              new LocalFleetClient(service, "local-outage"), settings, clock, listener)) {
        worker.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ended(tuning, job.id()) < 2 && System.nanoTime() < end) {
          Thread.sleep(100);
        }
      }
      outages.await();

      List<TrialRecord> ts = tuning.trials(job.id());
      assertEquals(2, ts.size(), ts.toString());
      for (TrialRecord t : ts) {
        assertEquals(TrialState.COMPLETED, t.state(), t.number() + ": " + t.stateReason());
        assertEquals(0, t.attempt(), "trial " + t.number() + " ran once, never handed on");
        assertTrue(t.objective() != null, t.toString());
        assertTrue(t.artifactPath() != null, "trial " + t.number() + "'s model was uploaded");
        assertEquals(
            List.of(1, 2, 3, 4),
            trials.metrics(t.id()).stream().map(m -> m.epoch()).distinct().sorted().toList(),
            "trial " + t.number() + " kept every epoch of its curve");
      }
      // the scheduler ends the job on its next tick; each trial counted once
      new Scheduler(jobs, trials, fleet, strategies, catalog, clock, TunerMetrics.NONE).tick();
      JobRecord done = tuning.job(job.id()).orElseThrow();
      assertEquals(JobState.COMPLETED, done.state(), done.stateReason());
      assertEquals(2, done.trialsCreated());
      assertEquals(Map.of(TrialState.COMPLETED, 2), nonZero(trials.countByState(job.id())));

      // the report met the outage and said so, in one line each, and retried
      List<String> warnings = log.messages(Level.WARNING);
      assertTrue(
          warnings.stream()
              .anyMatch(m -> m.matches(".*: (upload|report) of trial .* retrying in .*")),
          warnings.toString());
      assertEquals(List.of(), log.messages(Level.SEVERE), "nothing SEVERE for an outage");
    } finally {
      log.close();
    }
  }

  private static int ended(DefaultTuningService tuning, String jobId) {
    try {
      return (int)
          tuning.trials(jobId).stream()
              .filter(t -> t.state().isTerminal() && t.endedAt() != null)
              .count();
    } catch (RuntimeException e) {
      return 0; // the database is down for the moment
    }
  }

  private static Map<TrialState, Integer> nonZero(Map<TrialState, Integer> counts) {
    Map<TrialState, Integer> m = new java.util.EnumMap<>(TrialState.class);
    counts.forEach(
        (k, v) -> {
          if (v != 0) {
            m.put(k, v);
          }
        });
    return m;
  }

  /**
   * Outages of one PostgreSQL server: {@link #next} locks the lease table from a second connection
   * and returns; a thread waits until a statement of the worker waits on that lock, stops the
   * server ({@code -m fast}: every connection is cut off), and starts it again 2 s later.
   */
  static final class Outages {
    private final PostgresServer pg;
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger cut = new AtomicInteger();
    private final Path bin;
    private final Path data;
    private final String socketDir;
    private final boolean asPostgres = "root".equals(System.getProperty("user.name"));

    Outages(PostgresServer pg) throws SQLException {
      this.pg = pg;
      this.bin = PostgresServer.binaries().orElseThrow();
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
          Statement st = c.createStatement()) {
        this.data = Path.of(show(st, "data_directory"));
        this.socketDir = show(st, "unix_socket_directories");
      }
    }

    private static String show(Statement st, String setting) throws SQLException {
      try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
        rs.next();
        return rs.getString(1);
      }
    }

    void next() {
      Connection holder;
      try {
        holder = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
        holder.setAutoCommit(false);
        try (Statement st = holder.createStatement()) {
          st.execute("LOCK TABLE lease IN ACCESS EXCLUSIVE MODE");
        }
      } catch (SQLException e) {
        failures.add(e);
        return;
      }
      Thread t =
          new Thread(
              () -> {
                try {
                  awaitWaiter();
                  pgCtl("-m", "fast", "-w", "stop");
                  cut.incrementAndGet();
                  Thread.sleep(2000);
                  pgCtl(
                      "-l",
                      data.getParent().resolve("log").toString(),
                      "-w",
                      "-t",
                      "60",
                      "-o",
                      "-c listen_addresses=127.0.0.1 -c port="
                          + pg.port()
                          + " -c unix_socket_directories="
                          + socketDir
                          + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                          + " -c max_connections=200",
                      "start");
                } catch (Throwable e) {
                  failures.add(e);
                } finally {
                  try {
                    holder.close();
                  } catch (SQLException e) {
                    // cut off with the server
                  }
                }
              },
              "postgres-outage");
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }

    /** Until a statement waits on the lock: the worker is in the middle of a call. */
    private void awaitWaiter() throws Exception {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
          Statement st = c.createStatement()) {
        while (System.nanoTime() < end) {
          try (ResultSet rs =
              st.executeQuery(
                  "SELECT count(*) FROM pg_locks l JOIN pg_class r ON r.oid = l.relation"
                      + " WHERE NOT l.granted AND r.relname = 'lease'")) {
            rs.next();
            if (rs.getLong(1) > 0) {
              return;
            }
          }
          Thread.sleep(20);
        }
      }
      throw new AssertionError("no call of the worker waited on the lease table within 30 s");
    }

    private void pgCtl(String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString()));
      command.addAll(List.of("-D", data.toString()));
      command.addAll(List.of(args));
      List<String> full = new ArrayList<>();
      if (asPostgres) {
        StringBuilder sh = new StringBuilder();
        for (String a : command) {
          sh.append(sh.length() == 0 ? "" : " ").append('\'').append(a.replace("'", "'\\''"));
          sh.append('\'');
        }
        full.addAll(List.of("su", "postgres", "-s", "/bin/sh", "-c", sh.toString()));
      } else {
        full.addAll(command);
      }
      Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out.strip());
      }
    }

    /** Every outage over (the server up again), two of them, none failed. */
    void await() throws InterruptedException {
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(60));
      }
      assertEquals(List.of(), List.copyOf(failures), "the outages themselves");
      assertEquals(2, cut.get(), "two calls of the worker were cut off by a stopping server");
    }
  }

  /** Every log record of Vernier's own loggers, while installed on the root logger. */
  static final class Records extends Handler {
    private final ConcurrentLinkedQueue<LogRecord> all = new ConcurrentLinkedQueue<>();

    Records() {
      Logger.getLogger("").addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
      if (r.getLoggerName() != null && r.getLoggerName().startsWith("dev.vernier")) {
        all.add(r);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      Logger.getLogger("").removeHandler(this);
    }

    List<String> messages(Level level) {
      return all.stream()
          .filter(r -> r.getLevel() == level)
          .map(r -> r.getLoggerName() + ": " + r.getMessage())
          .toList();
    }
  }
}
