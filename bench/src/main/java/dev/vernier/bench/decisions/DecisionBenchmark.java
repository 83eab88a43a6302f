package dev.vernier.bench.decisions;

import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.security.Role;
import dev.vernier.app.server.ServerSettings;
import dev.vernier.app.server.VernierServer;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetReaders;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.Kernels;
import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.platform.time.SystemClock;
import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.service.TuningService;
import dev.vernier.worker.Trainer;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.algorithm.EpochReporter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Issue 17's table, measured as a user's jobs run: an in-process {@code vernier serve} (SQLite in a
 * temporary folder, 2 in-process slots) takes real job documents over HTTP; the MLP on
 * Fashion-MNIST with learning_rate Log [0.005, 0.5], hidden_units [16, 512] and l2 Log [1e-6,
 * 1e-2]. Counts epochs (every epoch a trial reported) and trials, never seconds. Per seed {@code
 * s}:
 *
 * <ul>
 *   <li>asha: {@code random} 16 x 9 with stopping off, then {@code hyperband} 16 x 9, seed s;
 *   <li>median: the same {@code random} job (shared with asha) and one with {@code "earlyStopping":
 *       "auto"};
 *   <li>warm-identical: a cold {@code bayesian} 12 x 3 job (seed s), a parent like it with seed s +
 *       1000, and a job warm-started from that parent with {@code identical-data} (seed s);
 *   <li>warm-transfer: a parent with seed s + 1000 on {@link DecisionData}'s parent data (other
 *       rows, another class mix) and a job warm-started from it with {@code transfer} (seed s),
 *       against the same cold job.
 * </ul>
 */
public final class DecisionBenchmark {
  /** The lines of the table, as {@code --only} names them. */
  public static final List<String> LINES =
      List.of("asha", "median", "warm-identical", "warm-transfer");

  private static final String METRIC = "validation:accuracy";

  /**
   * The seeds each warm line's best configurations (the cold job's and the warm job's) are trained
   * with again, none of them a trial's: a job's best is also its luckiest seed (one configuration's
   * accuracy after 3 epochs differs by up to 12 pt between seeds here), so the mean over new seeds
   * says which job found the better configuration. Reported beside the goal, not in its verdict.
   */
  static final long[] CONFIRM_SEEDS = {9001, 9002, 9003};

  private final VernierServer server;
  private final ApiClient api;
  private final PrintWriter log;
  private final PrintWriter curves;
  // the data the best configurations are trained again on, read once (confirm)
  private Dataset train;
  private Dataset validation;

  private DecisionBenchmark(
      VernierServer server, ApiClient api, PrintWriter log, PrintWriter curves) {
    this.server = server;
    this.api = api;
    this.log = log;
    this.curves = curves;
  }

  /**
   * Runs the chosen lines for {@code seeds} seeds from {@code firstSeed} on, logging each job as it
   * ends and the tables so far after each seed but the last.
   *
   * @param dir an empty folder for the service's state and the data files
   * @param curves where every job's epochs go as {@link CurveFile} rows; null: nowhere
   */
  public static DecisionReport.Results run(
      Path source,
      Path dir,
      boolean quick,
      long firstSeed,
      int seeds,
      Set<String> lines,
      PrintWriter log,
      PrintWriter curves)
      throws Exception {
    Clock clock = SystemClock.get();
    Path data = Files.createDirectories(dir.resolve("data"));
    int rows = DecisionData.write(source, data, quick);
    log.printf(Locale.ROOT, "data: %d training rows written to %s%n", rows, data);
    log.flush();
    ServerSettings s =
        ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 2)
            .withBackend("auto")
            .withThreadsPerSlot(Math.max(1, Runtime.getRuntime().availableProcessors() / 2))
            .withHeartbeat(Duration.ofSeconds(10))
            .withTick(Duration.ofSeconds(1))
            .withKafkaTopics(TopicAllowList.none());
    List<DecisionReport.AshaSeed> asha = new ArrayList<>();
    List<DecisionReport.MedianSeed> median = new ArrayList<>();
    List<DecisionReport.WarmSeed> identical = new ArrayList<>();
    List<DecisionReport.WarmSeed> transfer = new ArrayList<>();
    try (VernierServer server =
        VernierServer.start(s, clock, new PrintStream(PrintStream.nullOutputStream()))) {
      String token = server.tokens().create(Role.ADMIN, "bench", clock.millis());
      DecisionBenchmark b =
          new DecisionBenchmark(server, new ApiClient(server.url().toString(), token), log, curves);
      long lastSeed = firstSeed + seeds - 1;
      for (long seed = firstSeed; seed <= lastSeed; seed++) {
        Run random = null;
        if (lines.contains("asha") || lines.contains("median")) {
          random = b.job("random-off", seed, "random", 16, 9, "off", null, "train");
        }
        if (lines.contains("asha")) {
          Run h = b.job("hyperband", seed, "hyperband", 16, 9, "off", null, "train");
          asha.add(
              new DecisionReport.AshaSeed(
                  seed,
                  random.best(),
                  random.epochs(),
                  h.best(),
                  h.epochs(),
                  h.epochsTo(random.best() - DecisionReport.HALF_PT)));
        }
        if (lines.contains("median")) {
          Run auto = b.job("random-auto", seed, "random", 16, 9, "auto", null, "train");
          median.add(
              new DecisionReport.MedianSeed(
                  seed, random.best(), random.epochs(), auto.best(), auto.epochs()));
        }
        Run cold = null;
        double coldConfirmed = Double.NaN;
        if (lines.contains("warm-identical") || lines.contains("warm-transfer")) {
          cold = b.job("bayes-cold", seed, "bayesian", 12, 3, "off", null, "train");
          coldConfirmed = b.confirm(cold, data, 3, dir);
        }
        if (lines.contains("warm-identical")) {
          Run parent =
              b.job("bayes-parent-identical", seed + 1000, "bayesian", 12, 3, "off", null, "train");
          String warm = "{\"parents\": [\"" + parent.id() + "\"], \"type\": \"identical-data\"}";
          Run w = b.job("bayes-warm-identical", seed, "bayesian", 12, 3, "off", warm, "train");
          identical.add(warmSeed(seed, cold, w, coldConfirmed, b.confirm(w, data, 3, dir)));
        }
        if (lines.contains("warm-transfer")) {
          Run parent =
              b.job("bayes-parent-transfer", seed + 1000, "bayesian", 12, 3, "off", null, "parent");
          String warm = "{\"parents\": [\"" + parent.id() + "\"], \"type\": \"transfer\"}";
          Run w = b.job("bayes-warm-transfer", seed, "bayesian", 12, 3, "off", warm, "train");
          transfer.add(warmSeed(seed, cold, w, coldConfirmed, b.confirm(w, data, 3, dir)));
        }
        if (seed < lastSeed) {
          // a long run shows its tables so far, in case it is cut short
          log.println();
          log.print(
              DecisionReport.markdown(
                  new DecisionReport.Results(asha, median, identical, transfer),
                  "seeds "
                      + firstSeed
                      + "-"
                      + seed
                      + " of "
                      + firstSeed
                      + "-"
                      + lastSeed
                      + " (so far)"));
          log.println();
          log.flush();
        }
      }
    }
    return new DecisionReport.Results(asha, median, identical, transfer);
  }

  /**
   * The mean objective of the run's best configuration trained again, {@code epochs} epochs, with
   * each of {@link #CONFIRM_SEEDS} on the training and validation data its trials had; NaN when no
   * trial had an objective.
   */
  private double confirm(Run run, Path data, int epochs, Path dir) {
    TrialRecord best =
        run.trials().stream()
            .filter(t -> t.objective() != null)
            .max(Comparator.comparingDouble(TrialRecord::objective))
            .orElse(null);
    if (best == null) {
      return Double.NaN;
    }
    if (train == null) {
      train = DatasetReaders.read(data.resolve("train-images.gz"), data.resolve("train-labels.gz"));
      validation =
          DatasetReaders.read(data.resolve("valid-images.gz"), data.resolve("valid-labels.gz"));
    }
    Map<String, Object> hp = new LinkedHashMap<>(best.config());
    hp.put("epochs", epochs);
    double sum = 0;
    try (Kernels k = Backends.open("auto", Backends.defaultThreads())) {
      for (long s : CONFIRM_SEEDS) {
        Trainer.Trained t =
            new Trainer(SystemClock.get())
                .train(
                    Algorithms.get("mlp"),
                    train,
                    validation,
                    hp,
                    s,
                    k,
                    EpochReporter.IGNORE,
                    dir.resolve("confirm"));
        sum += t.result().last().metrics().get(METRIC);
      }
    }
    double mean = sum / CONFIRM_SEEDS.length;
    log.printf(
        Locale.ROOT,
        "  its best configuration %s again with seeds %s: mean %.4f%n",
        best.config(),
        java.util.Arrays.toString(CONFIRM_SEEDS),
        mean);
    log.flush();
    return mean;
  }

  private static DecisionReport.WarmSeed warmSeed(
      long seed, Run cold, Run warm, double coldConfirmed, double warmConfirmed) {
    return new DecisionReport.WarmSeed(
        seed,
        cold.best(),
        cold.trials().size(),
        cold.trialsTo(cold.best()),
        warm.best(),
        warm.trials().size(),
        warm.trialsToOrNull(cold.best()),
        cold.first(),
        warm.first(),
        coldConfirmed,
        warmConfirmed);
  }

  /** A finished job: its trials in number order and every epoch reported, in time order. */
  record Run(String id, List<TrialRecord> trials, List<Epoch> epochLog) {
    double best() {
      return trials.stream()
          .filter(t -> t.objective() != null)
          .mapToDouble(TrialRecord::objective)
          .max()
          .orElse(Double.NaN);
    }

    /** Every epoch trials reported, stopped trials' included. */
    int epochs() {
      return trials.stream().mapToInt(TrialRecord::epochs).sum();
    }

    double first() {
      return trials.isEmpty() || trials.get(0).objective() == null
          ? Double.NaN
          : trials.get(0).objective();
    }

    /** The 1-based count of trials, in number order, until one's objective reached {@code x}. */
    Integer trialsToOrNull(double x) {
      for (int i = 0; i < trials.size(); i++) {
        Double o = trials.get(i).objective();
        if (o != null && o >= x - 1e-12) {
          return i + 1;
        }
      }
      return null;
    }

    int trialsTo(double x) {
      Integer n = trialsToOrNull(x);
      return n == null ? trials.size() : n;
    }

    /**
     * Epochs reported (by every trial) up to the moment the first trial whose objective reached
     * {@code x} ended; null if none did.
     */
    Integer epochsTo(double x) {
      Long when = null;
      for (TrialRecord t : trials) {
        if (t.objective() != null && t.objective() >= x - 1e-12 && t.endedAt() != null) {
          when = when == null ? t.endedAt() : Math.min(when, t.endedAt());
        }
      }
      if (when == null) {
        return null;
      }
      long w = when;
      return (int) epochLog.stream().filter(e -> e.recordedAt() <= w).count();
    }
  }

  /** One epoch a trial reported. */
  record Epoch(int trial, int epoch, long recordedAt) {}

  private Run job(
      String kind,
      long seed,
      String strategy,
      int trials,
      int epochs,
      String stopping,
      String warmStart,
      String trainPrefix)
      throws Exception {
    long t0 = System.nanoTime();
    String name = kind + "-s" + seed + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    String json =
        """
        {"name": "%s", "algorithm": "mlp",
         "channels": {"train": {"path": "%s-images.gz", "labels": "%s-labels.gz"},
                      "validation": {"path": "valid-images.gz", "labels": "valid-labels.gz"}},
         "objective": {"metric": "%s", "type": "Maximize"},
         "parameterRanges": {
           "learning_rate": {"type": "continuous", "min": 0.005, "max": 0.5, "scaling": "Logarithmic"},
           "hidden_units": {"type": "integer", "min": 16, "max": 512},
           "l2": {"type": "continuous", "min": 0.000001, "max": 0.01, "scaling": "Logarithmic"}},
         "staticHyperparameters": {"epochs": %d},
         "strategy": "%s",
         "limits": {"maxTrials": %d, "maxParallelTrials": 2},
         "earlyStopping": "%s",%s
         "seed": %d}
        """
            .formatted(
                name,
                trainPrefix,
                trainPrefix,
                METRIC,
                epochs,
                strategy,
                trials,
                stopping,
                warmStart == null ? "" : "\n \"warmStart\": " + warmStart + ",",
                seed);
    String id = api.post("/api/v1/tuning-jobs", json).body().get("id").asText();
    TuningService tuning = server.tuning();
    JobRecord job = tuning.job(id).orElseThrow();
    while (!job.state().isTerminal()) {
      Thread.sleep(500);
      job = tuning.job(id).orElseThrow();
    }
    List<TrialRecord> ts = tuning.trials(id);
    List<Epoch> epochLog = new ArrayList<>();
    for (TrialRecord t : ts) {
      for (EpochMetrics m : tuning.trial(id, t.number()).metrics()) {
        if (m.attempt() == t.attempt()) {
          epochLog.add(new Epoch(t.number(), m.epoch(), m.recordedAt()));
          if (curves != null && t.startedAt() != null) {
            CurveFile.write(
                curves,
                kind,
                seed,
                t.number(),
                t.state().name(),
                t.startedAt(),
                m.epoch(),
                m.values().getOrDefault(METRIC, Double.NaN),
                m.recordedAt());
          }
        }
      }
    }
    if (curves != null) {
      curves.flush();
    }
    epochLog.sort(Comparator.comparingLong(Epoch::recordedAt));
    Run run = new Run(id, ts, epochLog);
    log.printf(
        Locale.ROOT,
        "seed %d %-22s %-9s %d trials, %3d epochs, best %.4f (%.0f s)%s%n",
        seed,
        kind,
        job.state(),
        ts.size(),
        run.epochs(),
        run.best(),
        (System.nanoTime() - t0) / 1e9,
        job.state() == dev.vernier.tuner.job.JobState.COMPLETED ? "" : ": " + job.stateReason());
    log.flush();
    return run;
  }
}
