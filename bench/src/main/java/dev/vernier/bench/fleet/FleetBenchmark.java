package dev.vernier.bench.fleet;

import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.fleet.HttpFleetClient;
import dev.vernier.app.security.Role;
import dev.vernier.app.server.ServerSettings;
import dev.vernier.app.server.VernierServer;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.FleetClient;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.platform.db.DatabaseConfig;
import dev.vernier.platform.time.SystemClock;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.service.LocalFleetClient;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scheduling throughput: trials leased, heartbeated (0 or more epochs), reported and completed per
 * second with a trivial objective, by N worker threads, in process (direct calls) and over HTTP, on
 * a SQLite service (one replica) or on PostgreSQL with one or more in-process replicas ({@link
 * VernierServer}s on the same database, each on its own port; the workers spread round-robin over
 * them). The peer is Optuna's own RDB storage on the same store ({@code
 * shared/peers/optuna_rdb.py}, {@code --url postgresql://...} for PostgreSQL; {@code
 * bench/fleet-postgres.sh} runs both).
 *
 * <p>After each run the trials stored for the job are checked: as many as the workers completed,
 * each number once (two replicas that both scheduled the job would show here).
 */
public final class FleetBenchmark {
  /**
   * What to run.
   *
   * @param database the state database; null for a fresh SQLite file per transport
   * @param replicas servers on that database (more than one needs PostgreSQL)
   * @param warmup untimed trials of a job run first on the same servers and transport (0: none)
   * @param earlyStopping the job stops trials by the median rule ({@code earlyStopping: auto})
   */
  public record Settings(
      DatabaseConfig database,
      int replicas,
      int trials,
      int warmup,
      int workers,
      int heartbeats,
      List<String> transports,
      boolean earlyStopping) {
    public Settings {
      transports = List.copyOf(transports);
      if (replicas < 1) {
        throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
      }
      if (replicas > 1 && (database == null || database.isSqlite())) {
        throw new IllegalArgumentException(
            "more than one replica needs a PostgreSQL database, got " + replicas);
      }
    }

    /** "sqlite" or "postgresql". */
    public String store() {
      return database == null || database.isSqlite() ? "sqlite" : "postgresql";
    }
  }

  /**
   * One run's figures.
   *
   * @param trials trials the workers completed
   * @param stored the job's trials in the database afterwards, each number counted once
   */
  public record Row(
      String store,
      int replicas,
      String transport,
      int workers,
      int heartbeats,
      int trials,
      int stored,
      double seconds,
      double trialsPerSecond) {}

  private FleetBenchmark() {}

  public static List<Row> run(Path dir, Settings settings, PrintWriter log) throws Exception {
    Clock clock = SystemClock.get();
    List<Row> rows = new ArrayList<>();
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("train.csv"), "0,1\n1,0\n");
    for (String transport : settings.transports()) {
      List<VernierServer> servers = new ArrayList<>();
      try {
        for (int r = 0; r < settings.replicas(); r++) {
          Path state = dir.resolve(transport + (settings.replicas() > 1 ? "-" + r : ""));
          ServerSettings s =
              ServerSettings.of("127.0.0.1", 0, state, List.of(data), 0)
                  .withHeartbeat(Duration.ofSeconds(10))
                  .withTick(Duration.ofSeconds(1));
          if (settings.database() != null) {
            s = s.withDatabase(settings.database());
          }
          servers.add(
              VernierServer.start(s, clock, new PrintStream(PrintStream.nullOutputStream())));
        }
        rows.add(runOne(servers, transport, settings, clock, log));
      } finally {
        for (int i = servers.size() - 1; i >= 0; i--) {
          servers.get(i).close();
        }
      }
    }
    return rows;
  }

  private static Row runOne(
      List<VernierServer> servers,
      String transport,
      Settings settings,
      Clock clock,
      PrintWriter log)
      throws Exception {
    String token = servers.get(0).tokens().create(Role.ADMIN, "bench", clock.millis());
    // one database may serve several runs (both transports, reruns): names of their own
    String tag = transport + "-" + Long.toString(clock.millis(), 36);
    if (settings.warmup() > 0) {
      runJob(servers, transport, settings, token, tag, "warmup-" + tag, settings.warmup());
    }
    String jobName = "fleet-bench-" + tag;
    long t0 = System.nanoTime();
    Ran ran = runJob(servers, transport, settings, token, tag, jobName, settings.trials());
    double secs = (System.nanoTime() - t0) / 1e9;
    String jobId = ran.jobId();
    int total = ran.completed();
    List<TrialRecord> trials = servers.get(0).tuning().trials(jobId);
    Set<Integer> numbers = new HashSet<>();
    int completed = 0;
    for (TrialRecord t : trials) {
      numbers.add(t.number());
      if (t.state() == TrialState.COMPLETED) {
        completed++;
      }
    }
    if (numbers.size() != trials.size() || completed != total) {
      log.printf(
          Locale.ROOT,
          "NOTE: %d trials stored (%d distinct numbers, %d completed), the workers completed %d%n",
          trials.size(),
          numbers.size(),
          completed,
          total);
    }
    log.printf(
        Locale.ROOT,
        "%s, %d replica(s), %s: %d trials in %.2f s%n",
        settings.store(),
        servers.size(),
        transport,
        total,
        secs);
    log.flush();
    return new Row(
        settings.store(),
        servers.size(),
        transport,
        settings.workers(),
        settings.heartbeats(),
        total,
        numbers.size(),
        secs,
        total / secs);
  }

  /** A job the workers ran: its id and the trials they completed. */
  private record Ran(String jobId, int completed) {}

  /** Submits a job of {@code trials} and runs the workers until it has nothing left. */
  private static Ran runJob(
      List<VernierServer> servers,
      String transport,
      Settings settings,
      String token,
      String tag,
      String jobName,
      int trials)
      throws Exception {
    ApiClient api = new ApiClient(servers.get(0).url().toString(), token);
    ApiClient.Reply created =
        api.post(
            "/api/v1/tuning-jobs",
            job(jobName, trials, settings.workers(), settings.earlyStopping()));
    if (created.status() != 201) {
      throw new IllegalStateException("the job was refused: " + created.body());
    }
    String jobId = created.body().path("id").asText(jobName);
    int workers = settings.workers();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<Integer>> done = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      String name = "bench-" + tag + "-" + w;
      VernierServer server = servers.get(w % servers.size());
      FleetClient c =
          transport.equals("http")
              ? new HttpFleetClient(new ApiClient(server.url().toString(), token))
              : new LocalFleetClient(server.fleet(), name);
      done.add(pool.submit(() -> work(c, name, settings.heartbeats())));
    }
    int completed = 0;
    try {
      for (Future<Integer> f : done) {
        completed += f.get();
      }
    } finally {
      pool.shutdown();
    }
    return new Ran(jobId, completed);
  }

  private static int work(FleetClient c, String name, int heartbeats) throws Exception {
    String id = c.register(name, 1, name + "-boot");
    int n = 0;
    int idle = 0;
    Optional<TrialAssignment> a = Optional.empty();
    while (idle < 20) {
      if (a.isEmpty()) {
        a = c.lease(id);
      }
      if (a.isEmpty()) {
        idle++;
        Thread.sleep(5);
        continue;
      }
      idle = 0;
      double x = Double.parseDouble(a.get().hyperparameters().get("learning_rate"));
      double y = (x - 0.3) * (x - 0.3);
      for (int e = 1; e <= heartbeats; e++) {
        c.heartbeat(
            a.get().leaseId(), List.of(new EpochUpdate(e, Map.of("validation:objective_loss", y))));
      }
      // as worker slots do: the report brings the next trial back
      a =
          c.reportAndLease(
              a.get().leaseId(),
              new TrialReport(TrialReport.Outcome.COMPLETED, y, null, null, null),
              id);
      n++;
    }
    return n;
  }

  private static String job(String name, int trials, int workers, boolean earlyStopping) {
    return """
        {"name": "%s", "algorithm": "linear-learner",
         "channels": {"train": {"path": "train.csv"}},
         "objective": {"metric": "validation:objective_loss", "type": "Minimize"},
         "parameterRanges": {"learning_rate": {"type": "continuous", "min": 0.001, "max": 1}},
         "staticHyperparameters": {"predictor_type": "binary_classifier"},
         "strategy": "random", "limits": {"maxTrials": %d, "maxParallelTrials": %d},
         "earlyStopping": "%s"}
        """
        .formatted(name, trials, workers, earlyStopping ? "auto" : "off");
  }

  public static void print(List<Row> rows, PrintWriter out) {
    out.println();
    out.println(
        "| store | replicas | transport | workers | heartbeats per trial | trials | seconds"
            + " | trials/s |");
    out.println("|---|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %d | %s | %d | %d | %d | %.2f | %.0f |%n",
          r.store(),
          r.replicas(),
          r.transport(),
          r.workers(),
          r.heartbeats(),
          r.trials(),
          r.seconds(),
          r.trialsPerSecond());
    }
    out.flush();
  }
}
