package dev.vernier.worker.runtime;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetFormat;
import dev.vernier.core.data.DatasetReaders;
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
import java.util.List;
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
      return new TrialReport(
          stopped[0] ? TrialReport.Outcome.STOPPED : TrialReport.Outcome.COMPLETED,
          objective != null ? objective : Double.isNaN(last[0]) ? null : last[0],
          stopped[0] ? "stopped by the service" : null,
          t.file().toString(),
          PROVENANCE.writeValueAsString(t.artifact().provenance()));
    }
  }

  /**
   * Reads a channel once per worker and keeps it: trials of a job share their data. With data
   * roots, a channel's files are opened by their real paths (links resolved) only when those lie
   * under a root: a file swapped for a link out of the roots after its job was checked is refused,
   * without showing where the link points.
   */
  static final class DatasetCache {
    private final List<Path> roots;
    private final List<Path> excluded;
    private final java.util.Map<TrialAssignment.ChannelData, Dataset> cache =
        new java.util.LinkedHashMap<>(4, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(
              java.util.Map.Entry<TrialAssignment.ChannelData, Dataset> e) {
            return size() > 4;
          }
        };

    /**
     * @param roots the folders channels must lie in (real paths are compared), or empty for no
     *     check
     */
    DatasetCache(List<Path> roots) {
      this(roots, List.of());
    }

    /**
     * @param excluded folders never read as data (the service's state folder), except through a
     *     root that lies inside one (its retraining folder)
     */
    DatasetCache(List<Path> roots, List<Path> excluded) {
      this.roots = roots.stream().map(DatasetCache::real).toList();
      this.excluded = excluded.stream().map(DatasetCache::real).toList();
    }

    /** Whether {@code real} lies under a root, and not in an excluded folder outside that root. */
    private boolean allowed(Path real) {
      for (Path r : roots) {
        if (real.startsWith(r)
            && excluded.stream().noneMatch(e -> real.startsWith(e) && !r.startsWith(e))) {
          return true;
        }
      }
      return false;
    }

    synchronized Dataset get(TrialAssignment.ChannelData ch) {
      return cache.computeIfAbsent(
          ch,
          c ->
              DatasetReaders.read(
                  confined(c.path()),
                  c.labels() == null ? null : confined(c.labels()),
                  c.format() == null || c.format().equals("auto")
                      ? null
                      : DatasetFormat.parse("format", c.format())));
    }

    /**
     * The real path of a channel file, checked to lie under a root when there are roots. A relative
     * path (the service shows a channel relative to its data root) is looked up under each root in
     * order, the first that has it winning.
     */
    private Path confined(String path) {
      Path p = Path.of(path);
      if (roots.isEmpty()) {
        return p;
      }
      if (!p.isAbsolute()) {
        p =
            roots.stream()
                .map(r -> r.resolve(path))
                .filter(java.nio.file.Files::exists)
                .findFirst()
                .orElse(p);
      }
      Path real;
      try {
        real = p.toRealPath();
      } catch (java.io.IOException e) {
        throw new dev.vernier.core.InvalidInputException(path, "cannot be opened", null);
      }
      if (!allowed(real)) {
        throw new dev.vernier.core.InvalidInputException(
            path,
            "must lie under a data root of this worker (and outside the service's state folder);"
                + " it resolves (through a link) to a file outside them",
            null);
      }
      return real;
    }

    private static Path real(Path root) {
      try {
        return root.toRealPath();
      } catch (java.io.IOException e) {
        return root.toAbsolutePath().normalize();
      }
    }
  }
}
