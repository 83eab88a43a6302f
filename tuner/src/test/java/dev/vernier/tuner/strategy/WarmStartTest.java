package dev.vernier.tuner.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.catalog.Direction;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Warm start: parents' trials as observations ({@code identical-data}) or as a prior ({@code
 * transfer}).
 */
class WarmStartTest {
  private static final SearchSpace LINE =
      new SearchSpace(Map.of("x", ContinuousRange.linear(0, 1)));

  private static List<TrialView> trialsAt(double[] xs, DoubleUnaryOperator f, long firstId) {
    List<TrialView> out = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      out.add(TrialView.completed(firstId + i, Map.of("x", xs[i]), f.applyAsDouble(xs[i])));
    }
    return out;
  }

  private static StrategyContext ctx(
      List<TrialView> own, List<TrialView> identical, List<TrialView> transfer) {
    return new StrategyContext(null, LINE, Direction.MINIMIZE, 4, own, identical, transfer, 100, 0);
  }

  private static double proposedX(StrategyContext c) {
    return (Double) new BayesianStrategy().propose(c, 1).get(0).config().get("x");
  }

  private static final double[] GRID = {0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95};

  @Test
  void identicalDataTrialsAreObservations() {
    List<TrialView> parent = trialsAt(GRID, x -> (x - 0.62) * (x - 0.62), 1);
    Proposal cold = new BayesianStrategy().propose(ctx(List.of(), List.of(), List.of()), 1).get(0);
    Proposal warm = new BayesianStrategy().propose(ctx(List.of(), parent, List.of()), 1).get(0);
    assertNotEquals(cold.config(), warm.config());
    assertTrue(cold.note().startsWith("initial design"), cold.note());
    assertTrue(warm.note().contains("GP on 10 observations"), warm.note());
    assertEquals(0.62, (Double) warm.config().get("x"), 0.06, warm.note());
  }

  @Test
  void parentsFromAnotherSpaceAreLeftOut() {
    SearchSpace other = new SearchSpace(Map.of("x", IntegerRange.linear(5, 9)));
    List<TrialView> parent = new ArrayList<>();
    for (long i = 5; i <= 9; i++) {
      parent.add(TrialView.completed(i, Map.of("x", (Object) (i * 10.0)), 1.0));
    }
    assertTrue(other.dimensions() == 1);
    Proposal p = new BayesianStrategy().propose(ctx(List.of(), parent, List.of()), 1).get(0);
    assertTrue(p.note().startsWith("initial design"), p.note()); // x = 50..90 is outside [0, 1]
  }

  @Test
  void aTransferPriorGuidesAColdJobAndIsOverruledByItsOwnData() {
    List<TrialView> prior = trialsAt(GRID, x -> (x - 0.2) * (x - 0.2), 1);
    // with no data of its own, the job starts at the prior's optimum
    Proposal first = new BayesianStrategy().propose(ctx(List.of(), List.of(), prior), 1).get(0);
    assertTrue(first.note().contains("over a prior of 10 transfer trials"), first.note());
    assertEquals(0.2, (Double) first.config().get("x"), 0.05, first.toString());
    // its own observations say the optimum is at 0.8: they win
    double[] own = {0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9};
    List<TrialView> mine = trialsAt(own, x -> (x - 0.8) * (x - 0.8), 100);
    assertEquals(0.8, proposedX(ctx(mine, List.of(), prior)), 0.08);
  }
}
