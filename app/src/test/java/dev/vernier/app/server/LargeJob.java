package dev.vernier.app.server;

import dev.vernier.app.fleet.ApiClient;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.tuner.service.FleetService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A tuning job of many trials, made through the service's own fleet protocol (the calls an
 * in-process worker makes: lease, heartbeat with each epoch's metrics, report), without training
 * anything: {@code done} trials completed with {@value #EPOCHS} epochs each, then {@code running}
 * trials left running, whose heartbeats add an epoch a second until {@link #close()}. What a page
 * or an API client sees of a live 10,000-trial job, in about a minute.
 */
public final class LargeJob implements AutoCloseable {
  public static final int EPOCHS = 10;
  public static final String METRIC = "validation:objective_loss";

  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("dev.vernier.tuner.service.ReportIntake");

  private final ScheduledExecutorService beats;

  private LargeJob(ScheduledExecutorService beats) {
    this.beats = beats;
  }

  /**
   * A random-search linear-learner job of {@code trials} trials, {@code parallel} at a time, on
   * {@code train.csv} / {@code val.csv}, with {@code extra} JSON members (e.g. a warm start).
   */
  public static String spec(String name, int trials, int parallel, String extra) {
    return """
        {"name": "%s", "algorithm": "linear-learner",
         "channels": {"train": {"path": "train.csv"}, "validation": {"path": "val.csv"}},
         "objective": {"metric": "validation:objective_loss", "type": "Minimize"},
         "parameterRanges": {"learning_rate": {"type": "continuous", "min": 0.001, "max": 0.5, "scaling": "Logarithmic"},
                             "mini_batch_size": {"type": "integer", "min": 8, "max": 64}},
         "staticHyperparameters": {"predictor_type": "binary_classifier", "epochs": 3},
         "strategy": "random", "limits": {"maxTrials": %d, "maxParallelTrials": %d}, "seed": 5%s}
        """
        .formatted(name, trials, parallel, extra.isEmpty() ? "" : ", " + extra);
  }

  /**
   * Submits job {@code name} ({@code train.csv} and {@code val.csv} must lie under the data root of
   * a server without slots of its own) and drives {@code done + running} of its trials.
   */
  public static LargeJob build(
      VernierServer server, ApiClient submitter, String name, int done, int running)
      throws Exception {
    return build(server, submitter, name, done, running, "");
  }

  /** {@link #build(VernierServer, ApiClient, String, int, int)} with more of the spec's members. */
  public static LargeJob build(
      VernierServer server, ApiClient submitter, String name, int done, int running, String extra)
      throws Exception {
    var created =
        submitter.post(
            "/api/v1/tuning-jobs", spec(name, done + running, Math.max(1, running), extra));
    if (created.status() != 201) {
      throw new AssertionError(created.body().toString());
    }
    FleetService fleet = server.fleet();
    String worker =
        fleet.register("large-job-" + name, "large job", Math.max(1, running), "boot-" + name);
    SplittableRandom r = new SplittableRandom(7);
    // a line per trial's end is the service's log at INFO: not 10,000 of them here
    java.util.logging.Level level = QUIET.getLevel();
    QUIET.setLevel(java.util.logging.Level.WARNING);
    try {
      TrialAssignment a = done > 0 ? lease(fleet, worker, name) : null;
      for (int i = 0; i < done; i++) {
        double end = 0.2 + 0.5 * r.nextDouble();
        List<EpochUpdate> es = epochs(1, EPOCHS, end, r);
        fleet.heartbeat(a.leaseId(), es);
        TrialReport report =
            new TrialReport(
                TrialReport.Outcome.COMPLETED,
                es.get(es.size() - 1).metrics().get(METRIC),
                null,
                null,
                null);
        if (i < done - 1) {
          a = fleet.reportAndLease(a.leaseId(), report, worker).next().orElse(null);
          a = a != null ? a : lease(fleet, worker, name);
          if (!a.jobId().equals(name)) {
            throw new AssertionError("leased a trial of another job: " + a.jobId());
          }
        } else {
          fleet.report(a.leaseId(), report);
        }
      }
    } finally {
      QUIET.setLevel(level);
    }
    List<String> leases = new ArrayList<>();
    for (int i = 0; i < running; i++) {
      TrialAssignment a = lease(fleet, worker, name);
      fleet.heartbeat(a.leaseId(), epochs(1, 2, 0.6, r));
      leases.add(a.leaseId());
    }
    if (running == 0) {
      return new LargeJob(null);
    }
    ScheduledExecutorService beats =
        Executors.newSingleThreadScheduledExecutor(
            x -> {
              Thread t = new Thread(x, "large-job-heartbeats");
              t.setDaemon(true);
              return t;
            });
    int[] epoch = {2};
    beats.scheduleWithFixedDelay(
        () -> {
          epoch[0]++;
          for (String l : leases) {
            try {
              fleet.heartbeat(l, epochs(epoch[0], epoch[0], 0.5, new SplittableRandom(epoch[0])));
            } catch (RuntimeException e) {
              // a busy database this second: the next beat tries again
            }
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
    return new LargeJob(beats);
  }

  private static TrialAssignment lease(FleetService fleet, String worker, String job) {
    for (int tries = 0; tries < 100; tries++) {
      var a = fleet.lease(worker);
      if (a.isPresent()) {
        if (!a.get().jobId().equals(job)) {
          throw new AssertionError("leased a trial of another job: " + a.get().jobId());
        }
        return a.get();
      }
    }
    throw new AssertionError("no trial of " + job + " to lease");
  }

  /** Epochs {@code from..to} of a loss that falls towards {@code end}. */
  private static List<EpochUpdate> epochs(int from, int to, double end, SplittableRandom r) {
    List<EpochUpdate> out = new ArrayList<>();
    for (int e = from; e <= to; e++) {
      double v = end + 0.5 / e + 0.01 * r.nextDouble();
      out.add(new EpochUpdate(e, Map.of(METRIC, v, "train:objective_loss", v * 0.9)));
    }
    return out;
  }

  @Override
  public void close() {
    if (beats != null) {
      beats.shutdownNow();
    }
  }
}
