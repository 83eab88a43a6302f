package dev.vernier.bench.monitor;

import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.Threshold;
import dev.vernier.monitor.drift.method.KolmogorovSmirnov;
import dev.vernier.monitor.drift.method.Wasserstein;
import dev.vernier.monitor.drift.stats.SortedSample;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * Speed of one window column's drift scoring on the ingest benchmark's shape: a window of 10,000
 * values against a 2,000-value baseline, both standard Gaussian values rounded to float32 and
 * widened to double (as every dataset column is), drift-free.
 *
 * <p>It prints one table row per piece of work, on one thread: sorting the window ({@code
 * SortedSample.of}: copy, radix sort, distinct values), scoring {@code ks} (the merge walk for the
 * statistic, then its p-value, which the exact p-value cache answers after the first call for a
 * lattice point), scoring {@code wasserstein} (the merge walk), and the three in a row, as a
 * closing window does for each numeric column. {@link #WINDOWS} windows are scored in turn, so no
 * branch predictor learns one pair of samples. Each row is the fastest of {@link #RUNS} timed runs
 * after {@link #WARMUP_RUNS} untimed ones; a merge walk's cost is also given per merged step (one
 * step per distinct value of the two samples together). The checksum (the sum of all statistics, as
 * raw bits) must not change when the walks are rewritten.
 *
 * <p>Usage: {@code MergeBenchmark [WINDOW_ROWS] [BASELINE_ROWS]}, defaulting to 10000 and 2000.
 */
public final class MergeBenchmark {
  static final int WINDOWS = 16;
  static final int WARMUP_RUNS = 5;
  static final int RUNS = 7;

  /** Calls per run: about a tenth of a second each at the default sizes. */
  static final int CALLS = 2_000;

  private MergeBenchmark() {}

  public static void main(String[] args) {
    int windowRows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int baselineRows = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    run(System.out, windowRows, baselineRows, 42);
  }

  /** Runs the benchmark on samples drawn with {@code seed} and prints the table. */
  public static void run(PrintStream out, int windowRows, int baselineRows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SortedSample baseline = SortedSample.of("baseline", gaussianFloats(random, baselineRows));
    double[][] raw = new double[WINDOWS][];
    SortedSample[] windows = new SortedSample[WINDOWS];
    long steps = 0;
    for (int w = 0; w < WINDOWS; w++) {
      raw[w] = gaussianFloats(random, windowRows);
      windows[w] = SortedSample.of("current", raw[w]);
      steps += mergedSteps(baseline, windows[w]);
    }
    double stepsPerCall = (double) steps / WINDOWS;
    DriftMethod.Fitted ks = new KolmogorovSmirnov().fit(baseline, Threshold.pValueBelow(0.05));
    DriftMethod.Fitted w1 = new Wasserstein().fit(baseline, Threshold.statisticAbove(0.1));
    // a window remembers its last walk (ks and wasserstein share it): scoring each window against
    // two equal baselines in turn makes every timed call walk
    SortedSample twin = SortedSample.of("baseline", baseline.toArray());
    DriftMethod.Fitted[] kss = {ks, new KolmogorovSmirnov().fit(twin, Threshold.pValueBelow(0.05))};
    DriftMethod.Fitted[] w1s = {w1, new Wasserstein().fit(twin, Threshold.statisticAbove(0.1))};
    int[] calls = {0};

    out.printf(
        Locale.ROOT,
        "merge benchmark: %d-value windows (%d) vs a %d-value baseline, Gaussian float32; "
            + "%.0f merged steps a call; best of %d runs of %d calls, 1 thread%n%n",
        windowRows,
        WINDOWS,
        baselineRows,
        stepsPerCall,
        RUNS,
        CALLS);
    out.println("| work | ns/call | ns/merged step | ns/value sorted | checksum |");
    out.println("|---|---|---|---|---|");
    double sort = time(w -> SortedSample.of("current", raw[w]).distinctValue(0));
    out.printf(
        Locale.ROOT,
        "| sort window (SortedSample.of) | %.0f | | %.2f | |%n",
        sort,
        sort / windowRows);
    row(
        out,
        "ks score",
        w -> kss[calls[0]++ / WINDOWS % 2].score(windows[w]).statistic(),
        stepsPerCall);
    row(
        out,
        "wasserstein score",
        w -> w1s[calls[0]++ / WINDOWS % 2].score(windows[w]).statistic(),
        stepsPerCall);
    double column =
        time(
            w -> {
              SortedSample s = SortedSample.of("current", raw[w]);
              return ks.score(s).statistic() + w1.score(s).statistic();
            });
    out.printf(
        Locale.ROOT, "| column: sort, ks and wasserstein (one walk) | %.0f | | | |%n", column);
  }

  private static void row(
      PrintStream out, String name, IntToDoubleFunction call, double stepsPerCall) {
    double ns = time(call);
    double checksum = 0;
    for (int w = 0; w < WINDOWS; w++) {
      checksum += call.applyAsDouble(w);
    }
    out.printf(
        Locale.ROOT,
        "| %s | %.0f | %.2f | | %016x |%n",
        name,
        ns,
        ns / stepsPerCall,
        Double.doubleToRawLongBits(checksum));
  }

  /** The fastest run's nanoseconds per call, the calls cycling through the windows. */
  private static double time(IntToDoubleFunction call) {
    double best = Double.POSITIVE_INFINITY;
    double sink = 0;
    for (int r = 0; r < WARMUP_RUNS + RUNS; r++) {
      long t0 = System.nanoTime();
      for (int c = 0; c < CALLS; c++) {
        sink += call.applyAsDouble(c % WINDOWS);
      }
      long t1 = System.nanoTime();
      if (r >= WARMUP_RUNS) {
        best = Math.min(best, (t1 - t0) / (double) CALLS);
      }
    }
    if (Double.isNaN(sink)) {
      throw new AssertionError("a statistic was NaN");
    }
    return best;
  }

  private static double[] gaussianFloats(SplittableRandom random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller: SplittableRandom has no nextGaussian on Java 17
      double u = 1.0 - random.nextDouble();
      double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
      v[i] = (float) g;
    }
    return v;
  }

  /** The number of distinct values of the two samples together: the walks' step count. */
  private static int mergedSteps(SortedSample a, SortedSample b) {
    double[] all = new double[a.distinctCount() + b.distinctCount()];
    for (int i = 0; i < a.distinctCount(); i++) {
      all[i] = a.distinctValue(i);
    }
    for (int i = 0; i < b.distinctCount(); i++) {
      all[a.distinctCount() + i] = b.distinctValue(i);
    }
    Arrays.sort(all);
    int d = 1;
    for (int i = 1; i < all.length; i++) {
      d += all[i] != all[i - 1] ? 1 : 0;
    }
    return d;
  }
}
