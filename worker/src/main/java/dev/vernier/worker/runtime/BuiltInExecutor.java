package dev.vernier.worker.runtime;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.Split;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.Trainer;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.algorithm.Directive;
import dev.vernier.worker.algorithm.EpochReport;
import dev.vernier.worker.algorithm.EpochReporter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Trains a built-in algorithm on the slot's kernels. A trial's deadline ({@code
 * maxRuntimePerTrialSeconds}, counted from the start of the attempt, data loading included) is
 * checked after each epoch: the first epoch that ends past it ends the training, and the trial
 * FAILS naming the limit, as a registered command's does (a running epoch is not interrupted).
 */
final class BuiltInExecutor implements TrialExecutor {
  private static final com.fasterxml.jackson.databind.ObjectMapper PROVENANCE =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final Supplier<Kernels> kernels;
  private final Clock clock;
  private final DatasetCache cache;

  BuiltInExecutor(Supplier<Kernels> kernels, Clock clock, DatasetCache cache) {
    this.kernels = kernels;
    this.clock = clock;
    this.cache = cache;
  }

  @Override
  public TrialReport run(TrialAssignment a, Path workDir, Epochs epochs)
      throws java.io.IOException {
    long deadline =
        a.maxRuntimeSeconds() > 0
            ? System.nanoTime()
                + java.util.concurrent.TimeUnit.SECONDS.toNanos(a.maxRuntimeSeconds())
            : Long.MAX_VALUE;
    TrialAssignment.ChannelData trainCh = a.channels().get("train");
    if (trainCh == null) {
      throw new InvalidInputException("channels.train", "is required", null);
    }
    Dataset train = cache.get(trainCh);
    TrialAssignment.ChannelData valCh = a.channels().get("validation");
    Dataset validation;
    if (valCh != null) {
      validation = cache.get(valCh);
    } else {
      Split s = Split.holdOut(train, 0.1, a.seed());
      train = s.train();
      validation = s.validation();
    }
    double[] last = {Double.NaN};
    double[] best = {Double.NaN}; // aggregation best: the best objective so far
    boolean[] stopped = {false};
    int[] pastDeadline = {0}; // the epoch after which the deadline had passed, 0 before
    try (Kernels k = kernels.get()) {
      Trainer.Trained t =
          new Trainer(clock)
              .train(
                  Algorithms.get(a.algorithm()),
                  train,
                  validation,
                  a.hyperparameters(),
                  a.seed(),
                  k,
                  new EpochReporter() {
                    @Override
                    public Directive report(EpochReport r) {
                      Double v = r.metrics().get(a.objectiveMetric());
                      if (v != null) {
                        last[0] = v;
                      }
                      boolean stop = epochs.epoch(r.epoch(), r.metrics());
                      stopped[0] |= stop;
                      if (!stop && deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                        pastDeadline[0] = r.epoch();
                        return Directive.STOP;
                      }
                      return stop ? Directive.STOP : Directive.CONTINUE;
                    }

                    // aggregation best: keep the model of each epoch that improves the objective
                    @Override
                    public boolean keepModel(EpochReport r) {
                      Double v = r.metrics().get(a.objectiveMetric());
                      if (!a.keepsBestEpoch() || v == null || !Double.isFinite(v)) {
                        return false;
                      }
                      if (Double.isNaN(best[0]) || a.objectiveDirection().isBetter(v, best[0])) {
                        best[0] = v;
                        return true;
                      }
                      return false;
                    }
                  },
                  workDir.resolve("model"));
      if (pastDeadline[0] > 0) {
        return new TrialReport(
            TrialReport.Outcome.FAILED,
            null,
            "exceeded maxRuntimePerTrialSeconds="
                + a.maxRuntimeSeconds()
                + " (training ended after epoch "
                + pastDeadline[0]
                + ")",
            null,
            null);
      }
      Double objective = t.artifact().metrics().get(a.objectiveMetric());
      if (objective == null && Double.isNaN(last[0]) && !stopped[0]) {
        // e.g. validation:accuracy from a regressor: say so once rather than report no objective
        return new TrialReport(
            TrialReport.Outcome.FAILED,
            null,
            "the objective metric "
                + a.objectiveMetric()
                + " was never emitted; this training emitted "
                + String.join(", ", new java.util.TreeSet<>(t.artifact().metrics().keySet()))
                + " (check the objective's metric against the algorithm's metrics and"
                + " hyperparameters, e.g. predictor_type)",
            null,
            null);
      }
      return new TrialReport(
          stopped[0] ? TrialReport.Outcome.STOPPED : TrialReport.Outcome.COMPLETED,
          objective != null ? objective : Double.isNaN(last[0]) ? null : last[0],
          stopped[0] ? "stopped by the service" : null,
          t.file().toString(),
          PROVENANCE.writeValueAsString(t.artifact().provenance()));
    }
  }
}
