package dev.vernier.bench.monitor;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetReaders;
import dev.vernier.monitor.drift.DriftAnalysis;
import dev.vernier.monitor.drift.DriftResults;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Drift scoring speed on the scipy peer's workload ({@code drift_reference.py}, pixels): one
 * 10,000-row window (Fashion-MNIST test) of 784 features against the 60,000-row train baseline,
 * with {@code ks}, {@code psi}, {@code js} and {@code wasserstein}.
 *
 * <p>Per thread count it prints one table row: the fit (columns extracted and sorted, methods
 * fitted; elapsed), the window's preparation (columns extracted and sorted once, shared by the
 * methods) and each method's scoring (both summed over threads, i.e. CPU seconds of the work), and
 * the elapsed time of a whole scoring call. The JIT is warmed with {@link #WARMUP} scoring calls;
 * the row is the fastest of {@link #RUNS} further calls, and the first (cold) call is printed too.
 *
 * <p>Usage: {@code DriftBenchmark [DIR] [THREADS...]}, DIR defaulting to {@code
 * /usr/share/datasets/fashion-mnist} and THREADS to {@code 1 2}.
 */
public final class DriftBenchmark {
  static final int WARMUP = 2;
  static final int RUNS = 5;
  static final List<String> METHODS = List.of("ks", "psi", "js", "wasserstein");

  private DriftBenchmark() {}

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
    int[] threads =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 2};
    run(System.out, dir, threads);
  }

  /** Runs the benchmark on the Fashion-MNIST files in {@code dir} and prints the table. */
  public static void run(PrintStream out, Path dir, int... threads) {
    long t0 = System.nanoTime();
    Dataset train = DatasetReaders.read(dir.resolve("train-images-idx3-ubyte.gz"), null);
    Dataset test = DatasetReaders.read(dir.resolve("t10k-images-idx3-ubyte.gz"), null);
    out.printf(
        Locale.ROOT,
        "drift benchmark: %d x %d baseline, %d-row window, methods %s; data read in %.2f s%n",
        train.rows(),
        train.cols(),
        test.rows(),
        String.join(",", METHODS),
        (System.nanoTime() - t0) / 1e9);
    out.println();
    out.println(
        "| threads | fit s | prepare s | ks s | psi s | js s | wasserstein s | score s (elapsed)"
            + " | first score s | drifted ks/psi/js/w1 |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (int t : threads) {
      DriftAnalysis analysis = DriftAnalysis.builder().methodNames(METHODS).threads(t).build();
      DriftAnalysis.Baseline baseline = analysis.fit(train);
      DriftResults first = baseline.score(test);
      for (int i = 1; i < WARMUP; i++) {
        baseline.score(test);
      }
      DriftResults best = null;
      for (int i = 0; i < RUNS; i++) {
        DriftResults r = baseline.score(test);
        if (best == null || r.timings().wallSeconds() < best.timings().wallSeconds()) {
          best = r;
        }
      }
      DriftResults.Timings tm = best.timings();
      out.printf(
          Locale.ROOT,
          "| %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %d/%d/%d/%d |%n",
          t,
          baseline.fitSeconds(),
          tm.prepareSeconds(),
          tm.methodSeconds().get("ks"),
          tm.methodSeconds().get("psi"),
          tm.methodSeconds().get("js"),
          tm.methodSeconds().get("wasserstein"),
          tm.wallSeconds(),
          first.timings().wallSeconds(),
          drifted(best, "ks"),
          drifted(best, "psi"),
          drifted(best, "js"),
          drifted(best, "wasserstein"));
    }
  }

  private static long drifted(DriftResults r, String method) {
    return r.features().stream()
        .filter(f -> f.score(method).map(s -> s.drifted()).orElse(false))
        .count();
  }
}
