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
import dev.vernier.platform.time.SystemClock;
import dev.vernier.tuner.service.LocalFleetClient;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scheduling throughput: trials leased, heartbeated (0 or more epochs), reported and completed per
 * second on a SQLite service with a trivial objective, by N worker threads, in process (direct
 * calls) and over HTTP. The peer is Optuna's own SQLite storage ({@code
 * shared/peers/optuna_rdb.py}).
 */
public final class FleetBenchmark {
  /** One run's figures. */
  public record Row(
      String transport,
      int workers,
      int heartbeats,
      int trials,
      double seconds,
      double trialsPerSecond) {}

  private FleetBenchmark() {}

  public static List<Row> run(
      Path dir, int trials, int workers, int heartbeats, List<String> transports, PrintWriter log)
      throws Exception {
    Clock clock = SystemClock.get();
    List<Row> rows = new ArrayList<>();
    for (String transport : transports) {
      Path state = dir.resolve(transport);
      Path data = Files.createDirectories(dir.resolve("data"));
      Files.writeString(data.resolve("train.csv"), "0,1\n1,0\n");
      ServerSettings s =
          new ServerSettings(
              "127.0.0.1",
              0,
              state,
              List.of(data),
              0,
              "java",
              1,
              Map.of(),
              Duration.ofSeconds(10),
              Duration.ofSeconds(1),
              java.util.Map.of());
      try (VernierServer server =
          VernierServer.start(s, clock, new PrintStream(PrintStream.nullOutputStream()))) {
        String token = server.tokens().create(Role.ADMIN, "bench", clock.millis());
        ApiClient api = new ApiClient(server.url().toString(), token);
        api.post("/api/v1/tuning-jobs", job(trials, workers));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<Integer>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < workers; w++) {
          String name = "bench-" + w;
          FleetClient c =
              transport.equals("http")
                  ? new HttpFleetClient(new ApiClient(server.url().toString(), token))
                  : new LocalFleetClient(server.fleet(), name);
          done.add(pool.submit(() -> work(c, name, heartbeats)));
        }
        int total = 0;
        for (Future<Integer> f : done) {
          total += f.get();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        rows.add(new Row(transport, workers, heartbeats, total, secs, total / secs));
        log.printf(Locale.ROOT, "%s: %d trials in %.2f s%n", transport, total, secs);
        log.flush();
      }
    }
    return rows;
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

  private static String job(int trials, int workers) {
    return """
        {"name": "fleet-bench", "algorithm": "linear-learner",
         "channels": {"train": {"path": "train.csv"}},
         "objective": {"metric": "validation:objective_loss", "type": "Minimize"},
         "parameterRanges": {"learning_rate": {"type": "continuous", "min": 0.001, "max": 1}},
         "staticHyperparameters": {"predictor_type": "binary_classifier"},
         "strategy": "random", "limits": {"maxTrials": %d, "maxParallelTrials": %d}}
        """
        .formatted(trials, workers);
  }

  public static void print(List<Row> rows, PrintWriter out) {
    out.println();
    out.println("| transport | workers | heartbeats per trial | trials | seconds | trials/s |");
    out.println("|---|---|---|---|---|---|");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %d | %.2f | %.0f |%n",
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
