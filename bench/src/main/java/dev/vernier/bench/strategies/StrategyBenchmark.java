package dev.vernier.bench.strategies;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.strategy.BenchmarkFunction;
import dev.vernier.tuner.strategy.Proposal;
import dev.vernier.tuner.strategy.SearchStrategy;
import dev.vernier.tuner.strategy.StrategyContext;
import dev.vernier.tuner.strategy.StrategyRegistry;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code vernier bench strategies}: the strategies, in process, on synthetic functions with known
 * optima, with the protocol of the Optuna peer ({@code shared/peers/optuna_bench.py}) so the two
 * tables compare.
 *
 * <ul>
 *   <li>Regret: one sequential job per (function, strategy, seed) to the largest budget, proposing
 *       one trial at a time; for each budget {@code B} the best value among the first {@code B}
 *       trials, as regret {@code best − f*}. No strategy here depends on the total budget, so this
 *       equals separate runs.
 *   <li>Latency: a 6-d job on Hartmann-6 pre-filled with {@code N} uniform random completed trials,
 *       then {@code reps} timed {@code propose(ctx, 1)} calls, each proposal recorded as FAILED so
 *       the number of completed trials stays {@code N} (as the peer tells Optuna FAIL). The first
 *       call builds the job's model and is reported apart ("cold"); later calls find it warm, as in
 *       a running job. A second series adds one completed trial before each call, which includes
 *       the incremental model update and the scheduled refits.
 * </ul>
 */
public final class StrategyBenchmark {

  /** One job's best regret at one budget. */
  public record RegretRow(
      String function,
      String strategy,
      long seed,
      int budget,
      double best,
      double regret,
      double wallSeconds) {}

  /** Suggest latency with {@code completed} finished trials, in milliseconds. */
  public record LatencyRow(
      String strategy,
      int completed,
      int reps,
      double coldMs,
      double medianMs,
      double p90Ms,
      double growingMedianMs,
      double growingP90Ms) {}

  private final StrategyRegistry registry;

  public StrategyBenchmark(StrategyRegistry registry) {
    this.registry = registry;
  }

  /** Runs the benchmark and prints its tables: the options are {@link BenchmarkReport}'s. */
  public static void main(String[] args) {
    BenchmarkReport.main(args);
  }

  /** Runs every (function, strategy, seed 0..seeds-1) job to the largest budget. */
  public List<RegretRow> regret(
      List<BenchmarkFunction> functions, List<String> strategies, int seeds, int[] budgets) {
    int[] sorted = budgets.clone();
    Arrays.sort(sorted);
    List<RegretRow> rows = new ArrayList<>();
    for (BenchmarkFunction fn : functions) {
      for (String name : strategies) {
        SearchStrategy strategy = registry.get(name);
        for (long seed = 0; seed < seeds; seed++) {
          rows.addAll(run(fn, strategy, seed, sorted));
        }
      }
    }
    return rows;
  }

  private static List<RegretRow> run(
      BenchmarkFunction fn, SearchStrategy strategy, long seed, int[] budgets) {
    int max = budgets[budgets.length - 1];
    String job = "bench-" + fn.name() + "-" + strategy.name() + "-" + seed;
    List<TrialView> trials = new ArrayList<>();
    List<RegretRow> rows = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    long start = System.nanoTime();
    int b = 0;
    for (int i = 1; i <= max; i++) {
      StrategyContext ctx =
          StrategyContext.of(job, fn.space(), Direction.MINIMIZE, seed, trials, max);
      Proposal p = strategy.propose(ctx, 1).get(0);
      double v = fn.evaluate(p.config());
      trials.add(TrialView.completed(i, p.config(), v));
      best = Math.min(best, v);
      if (i == budgets[b]) {
        double secs = (System.nanoTime() - start) / 1e9;
        rows.add(new RegretRow(fn.name(), strategy.name(), seed, i, best, fn.regret(best), secs));
        b++;
      }
    }
    return rows;
  }

  /** Suggest latency of {@code strategy} on a 6-d job for each size in {@code sizes}. */
  public List<LatencyRow> latency(String strategyName, int[] sizes, int reps, long seed) {
    SearchStrategy strategy = registry.get(strategyName);
    BenchmarkFunction fn = BenchmarkFunction.hartmann6();
    List<LatencyRow> rows = new ArrayList<>();
    for (int n : sizes) {
      SplittableRandom rng = new SplittableRandom(seed);
      List<TrialView> trials = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        trials.add(randomTrial(i, fn, rng));
      }
      double[] failing =
          time(strategy, fn, seed, "lat-" + strategyName + "-" + n, trials, reps, false, rng);
      double[] growing =
          time(strategy, fn, seed, "grow-" + strategyName + "-" + n, trials, reps, true, rng);
      double cold = failing[0];
      double[] warm = Arrays.copyOfRange(failing, 1, failing.length);
      double[] grow = Arrays.copyOfRange(growing, 1, growing.length);
      Arrays.sort(warm);
      Arrays.sort(grow);
      rows.add(
          new LatencyRow(
              strategyName, n, reps, cold, median(warm), p90(warm), median(grow), p90(grow)));
    }
    return rows;
  }

  private static double[] time(
      SearchStrategy strategy,
      BenchmarkFunction fn,
      long seed,
      String job,
      List<TrialView> prefilled,
      int reps,
      boolean growing,
      SplittableRandom rng) {
    List<TrialView> trials = new ArrayList<>(prefilled);
    double[] ms = new double[reps + 1];
    for (int r = 0; r <= reps; r++) {
      if (growing && r > 0) {
        trials.add(randomTrial(trials.size(), fn, rng));
      }
      StrategyContext ctx =
          StrategyContext.of(job, fn.space(), Direction.MINIMIZE, seed, trials, 1_000_000);
      long t0 = System.nanoTime();
      Proposal p = strategy.propose(ctx, 1).get(0);
      ms[r] = (System.nanoTime() - t0) / 1e6;
      if (!growing) {
        trials.add(TrialView.of(trials.size(), TrialView.State.FAILED, p.config()));
      }
    }
    return ms;
  }

  /** A completed trial at a uniform random point of a unit-box function's space. */
  private static TrialView randomTrial(long id, BenchmarkFunction fn, SplittableRandom rng) {
    Map<String, Object> c = new LinkedHashMap<>();
    for (String k : fn.space().ranges().keySet()) {
      c.put(k, rng.nextDouble());
    }
    return TrialView.completed(id, c, fn.evaluate(c));
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n == 0
        ? Double.NaN
        : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static double p90(double[] sorted) {
    return sorted.length == 0
        ? Double.NaN
        : sorted[Math.min(sorted.length - 1, (int) (0.9 * sorted.length))];
  }
}
