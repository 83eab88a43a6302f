package dev.vernier.bench.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.tuner.strategy.BenchmarkFunction;
import dev.vernier.tuner.strategy.StrategyRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyBenchmarkTest {
  @Test
  void theFunctionsReachTheirKnownOptimaAtTheKnownMinimisers() {
    BenchmarkFunction branin = BenchmarkFunction.branin();
    assertEquals(branin.optimum(), branin.evaluate(Map.of("x0", Math.PI, "x1", 2.275)), 1e-9);
    assertEquals(branin.optimum(), branin.evaluate(Map.of("x0", -Math.PI, "x1", 12.275)), 1e-9);
    assertEquals(
        -3.32236801141551,
        BenchmarkFunction.hartmann6(
            new double[] {0.20168952, 0.15001069, 0.47687398, 0.27533243, 0.31165162, 0.65730054}),
        1e-7);
    BenchmarkFunction h3 = BenchmarkFunction.hartmann3();
    assertEquals(
        h3.optimum(), h3.evaluate(Map.of("x0", 0.114614, "x1", 0.555649, "x2", 0.852547)), 1e-5);
    assertEquals(0, BenchmarkFunction.rosenbrock(new double[] {1, 1, 1, 1}), 0);
    assertEquals(
        0,
        BenchmarkFunction.mixed().evaluate(Map.of("x", 1.5, "n", 3L, "lr", 1e-3, "act", "relu")),
        1e-12);
    assertEquals(
        0.5 + 0.25 * 4,
        BenchmarkFunction.mixed().evaluate(Map.of("x", -2.0, "n", 1L, "lr", 1e-3, "act", "tanh")),
        1e-12);
  }

  @Test
  void aSmallRunGivesRowsPerBudgetAndTables() {
    StrategyBenchmark b = new StrategyBenchmark(StrategyRegistry.load());
    List<StrategyBenchmark.RegretRow> rows =
        b.regret(
            List.of(BenchmarkFunction.mixed()), List.of("random", "bayesian"), 2, new int[] {8, 4});
    assertEquals(2 * 2 * 2, rows.size());
    for (StrategyBenchmark.RegretRow r : rows) {
      assertTrue(r.regret() >= 0 && r.best() >= r.regret());
    }
    List<StrategyBenchmark.LatencyRow> lat = b.latency("bayesian", new int[] {20}, 3, 1);
    assertEquals(20, lat.get(0).completed());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    BenchmarkReport.printRegret(rows, ps);
    BenchmarkReport.printLatency(lat, ps);
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("Median simple regret, budget 8, 2 seeds"), text);
    assertTrue(text.contains("| mixed | "), text);
    assertTrue(text.contains("| bayesian | 20 | 3 |"), text);
  }
}
