package dev.vernier.tuner.strategy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.catalog.Direction;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 5: a transfer warm start whose parents disagree with the job's own data. The
 * parent's function has its optimum at a range bound (x = 1); the child's is the same bowl shifted
 * by 0.6 to x = 0.4. The job's observations must overrule the prior: its proposals leave the bound
 * and reach the new optimum.
 */
class TransferOverruleTest {
  /** The unit square with its coordinates in either order (the encoding follows the order). */
  static SearchSpace square(boolean xFirst) {
    Map<String, dev.vernier.core.space.ParameterRange> m = new java.util.LinkedHashMap<>();
    m.put(xFirst ? "x" : "y", ContinuousRange.linear(0, 1));
    m.put(xFirst ? "y" : "x", ContinuousRange.linear(0, 1));
    return new SearchSpace(m);
  }

  static double parent(double x, double y) {
    return 4 * (x - 1.0) * (x - 1.0) + (y - 0.4) * (y - 0.4);
  }

  static double child(double x, double y) {
    return 4 * (x - 0.4) * (x - 0.4) + (y - 0.4) * (y - 0.4);
  }

  /** What a converged parent job leaves: a spread of 9 and 12 trials crowding the bound x = 1. */
  static List<TrialView> parentTrials() {
    List<TrialView> out = new ArrayList<>();
    long id = 1;
    for (double x : new double[] {0.1, 0.5, 0.9}) {
      for (double y : new double[] {0.1, 0.5, 0.9}) {
        out.add(TrialView.completed(id++, Map.of("x", x, "y", y), parent(x, y)));
      }
    }
    for (int i = 0; i < 12; i++) {
      double x = 1.0 - 0.01 * (i % 4);
      double y = 0.25 + 0.05 * i / 1.5;
      out.add(TrialView.completed(id++, Map.of("x", x, "y", y), parent(x, y)));
    }
    return out;
  }

  /** Runs {@code trials} trials of {@code f} one at a time; returns the proposals' (x, y). */
  static List<double[]> run(
      List<TrialView> prior,
      int trials,
      long seed,
      boolean xFirst,
      java.util.function.DoubleBinaryOperator f) {
    List<TrialView> own = new ArrayList<>();
    List<double[]> xs = new ArrayList<>();
    BayesianStrategy s = new BayesianStrategy();
    for (int t = 0; t < trials; t++) {
      StrategyContext c =
          new StrategyContext(
              null, square(xFirst), Direction.MINIMIZE, seed, own, List.of(), prior, 100, 0);
      Map<String, Object> cfg = s.propose(c, 1).get(0).config();
      double x = (Double) cfg.get("x");
      double y = (Double) cfg.get("y");
      xs.add(new double[] {x, y});
      own.add(TrialView.completed(1000 + t, cfg, f.applyAsDouble(x, y)));
    }
    return xs;
  }

  /** The first trial (1-based) whose loss is within {@code tol} of the optimum 0, or 0 if none. */
  static int reached(List<double[]> xs, double tol) {
    return reached(xs, tol, TransferOverruleTest::child);
  }

  static int reached(List<double[]> xs, double tol, java.util.function.DoubleBinaryOperator f) {
    for (int i = 0; i < xs.size(); i++) {
      if (f.applyAsDouble(xs.get(i)[0], xs.get(i)[1]) <= tol) {
        return i + 1;
      }
    }
    return 0;
  }

  /**
   * The fix must not cost what transfer is for: when the parents' function is the job's, the prior
   * keeps its full weight and the first proposal is already at the optimum.
   */
  @Test
  void aPriorTheJobsDataConfirmKeepsLeading() {
    for (int run = 0; run < 6; run++) {
      long seed = 1 + run / 2;
      boolean xFirst = run % 2 == 0;
      List<double[]> warm = run(parentTrials(), 4, seed, xFirst, TransferOverruleTest::parent);
      List<double[]> cold = run(List.of(), 4, seed, xFirst, TransferOverruleTest::parent);
      int w = reached(warm, 0.02, TransferOverruleTest::parent);
      assertTrue(w == 1, "seed " + seed + ": transfer reached the parents' optimum at trial " + w);
      assertTrue(reached(cold, 0.02, TransferOverruleTest::parent) != 1, "cold is not as lucky");
    }
  }

  /**
   * Within 12 trials (a job of 12-20 trials is the size a transfer warm start is for; a cold
   * bayesian job needs its 5 Sobol points and about as many model steps here) the transfer job
   * reaches a loss within 0.02 of the new optimum (|x − 0.4| ≤ 0.07 with y on target) and its last
   * 4 proposals are off the bound. Before the fix it spent its first 6 trials at x = 1 and never
   * came within 0.02.
   */
  @Test
  void theJobsOwnDataOverruleAPriorWhoseOptimumIsAtABound() {
    int n = 12;
    double tol = 0.02; // |x - 0.4| <= 0.07 with y on target
    StringBuilder table = new StringBuilder();
    for (int run = 0; run < 6; run++) {
      long seed = 1 + run / 2;
      boolean xFirst = run % 2 == 0;
      List<double[]> warm = run(parentTrials(), n, seed, xFirst, TransferOverruleTest::child);
      List<double[]> cold = run(List.of(), n, seed, xFirst, TransferOverruleTest::child);
      int w = reached(warm, tol);
      int c = reached(cold, tol);
      table.append(
          String.format(
              "seed %d %s: transfer %d, cold %d; transfer xs:", seed, xFirst ? "xy" : "yx", w, c));
      for (double[] p : warm) {
        table.append(String.format(" (%.2f %.2f)", p[0], p[1]));
      }
      table.append('\n');
      long atBound = warm.subList(n - 4, n).stream().filter(p -> p[0] > 0.9).count();
      assertTrue(atBound == 0, "the last 4 proposals stay at the parent's bound\n" + table);
      assertTrue(w > 0, "transfer never reached the new optimum in " + n + " trials\n" + table);
    }
    System.out.print(table);
  }
}
