package dev.vernier.bench.strategies;

import dev.vernier.tuner.strategy.BenchmarkFunction;
import dev.vernier.tuner.strategy.StrategyRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prints {@link StrategyBenchmark} results as the Markdown tables of the Optuna peer, and runs the
 * benchmark from the command line:
 *
 * <pre>
 *   java ... dev.vernier.bench.strategies.BenchmarkReport [--seeds 5] [--budgets 25,50,100]
 *       [--functions all|f1,f2] [--strategies random,sobol,bayesian]
 *       [--latency-sizes 100,500,1000] [--latency-reps 21] [--no-latency]
 * </pre>
 */
public final class BenchmarkReport {
  private BenchmarkReport() {}

  public static void main(String[] args) {
    int seeds = 5;
    String budgets = "25,50,100";
    String functions = "all";
    String strategies = "random,sobol,bayesian";
    String sizes = "100,500,1000";
    int reps = 21;
    boolean latency = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--budgets" -> budgets = args[++i];
        case "--functions" -> functions = args[++i];
        case "--strategies" -> strategies = args[++i];
        case "--latency-sizes" -> sizes = args[++i];
        case "--latency-reps" -> reps = Integer.parseInt(args[++i]);
        case "--no-latency" -> latency = false;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    StrategyBenchmark bench = new StrategyBenchmark(StrategyRegistry.load());
    PrintStream out = System.out;
    if (latency) {
      // a running service has compiled the model code long before; so does this, on other jobs
      // (exact variances below 200 observations, nearest-observation ones above)
      bench.latency("bayesian", new int[] {150, 400}, 150, 99);
      printLatency(bench.latency("bayesian", ints(sizes), reps, 0), out);
    }
    List<BenchmarkFunction> fns =
        functions.equals("all")
            ? BenchmarkFunction.all()
            : Arrays.stream(functions.split(",")).map(BenchmarkFunction::named).toList();
    printRegret(bench.regret(fns, List.of(strategies.split(",")), seeds, ints(budgets)), out);
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /** Median regret per function and strategy, one table per budget, with wall seconds per job. */
  public static void printRegret(List<StrategyBenchmark.RegretRow> rows, PrintStream out) {
    Set<String> fns = new LinkedHashSet<>();
    Set<String> strategies = new LinkedHashSet<>();
    Set<Integer> budgets = new java.util.TreeSet<>();
    for (StrategyBenchmark.RegretRow r : rows) {
      fns.add(r.function());
      strategies.add(r.strategy());
      budgets.add(r.budget());
    }
    for (int b : budgets) {
      long seeds = rows.stream().filter(r -> r.budget() == b).map(r -> r.seed()).distinct().count();
      out.printf(Locale.ROOT, "%nMedian simple regret, budget %d, %d seeds%n", b, seeds);
      out.println("| function | " + String.join(" | ", strategies) + " |");
      out.println("|---".repeat(strategies.size() + 1) + "|");
      for (String fn : fns) {
        List<String> cells = new ArrayList<>();
        for (String s : strategies) {
          cells.add(
              fmt(
                  median(
                      rows,
                      r -> r.function().equals(fn) && r.strategy().equals(s) && r.budget() == b,
                      StrategyBenchmark.RegretRow::regret)));
        }
        out.println("| " + fn + " | " + String.join(" | ", cells) + " |");
      }
      List<String> secs = new ArrayList<>();
      for (String s : strategies) {
        secs.add(
            fmt(
                median(
                    rows,
                    r -> r.strategy().equals(s) && r.budget() == b,
                    StrategyBenchmark.RegretRow::wallSeconds)));
      }
      out.println("| median wall s/study | " + String.join(" | ", secs) + " |");
    }
  }

  /** The latency table. */
  public static void printLatency(List<StrategyBenchmark.LatencyRow> rows, PrintStream out) {
    out.println();
    out.println(
        "Suggest latency, 6-d (ms): warm = FAILED appended (as the peer);"
            + " growing = one more completed trial per call");
    out.println(
        "| strategy | completed trials | reps | cold ms | median ms | p90 ms"
            + " | growing median ms | growing p90 ms |");
    out.println("|---|---|---|---|---|---|---|---|");
    for (StrategyBenchmark.LatencyRow r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f |%n",
          r.strategy(),
          r.completed(),
          r.reps(),
          r.coldMs(),
          r.medianMs(),
          r.p90Ms(),
          r.growingMedianMs(),
          r.growingP90Ms());
    }
  }

  private static double median(
      List<StrategyBenchmark.RegretRow> rows,
      java.util.function.Predicate<StrategyBenchmark.RegretRow> keep,
      java.util.function.ToDoubleFunction<StrategyBenchmark.RegretRow> value) {
    double[] v = rows.stream().filter(keep).mapToDouble(value).sorted().toArray();
    return StrategyBenchmark.median(v);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
  }
}
