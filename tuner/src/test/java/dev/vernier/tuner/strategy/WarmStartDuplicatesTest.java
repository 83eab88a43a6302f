package dev.vernier.tuner.strategy;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vernier.core.catalog.Direction;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A job warm-started with {@code identical-data} never proposes a configuration its parents already
 * ran: on the same data it would only measure the parent's result again. Expected improvement's
 * local search starts at the best observed points, the parents' among them, and before issue 17's
 * tuning only the job's own trials counted as tried. A guard: on this function no proposal repeated
 * a parent's configuration before the change either (checked, 36 of 36).
 */
class WarmStartDuplicatesTest {
  /** The bench's MLP space: learning rate and l2 logarithmic, hidden units an integer. */
  private static final SearchSpace SPACE =
      new SearchSpace(
          Map.of(
              "learning_rate", ContinuousRange.log(0.005, 0.5),
              "hidden_units", IntegerRange.linear(16, 512),
              "l2", ContinuousRange.log(1e-6, 1e-2)));

  /** A smooth, noisy loss with its optimum inside the space (lr 0.08, 300 units, l2 1e-4). */
  private static double loss(Map<String, Object> c) {
    double lr = Math.log10((Double) c.get("learning_rate") / 0.08);
    double hu = (((Long) c.get("hidden_units")) - 300) / 200.0;
    double l2 = Math.log10((Double) c.get("l2") / 1e-4) / 2;
    // plus noise as a seeded training run has: a fixed function of the configuration
    double noise = new SplittableRandom(c.hashCode()).nextDouble(-0.03, 0.03);
    return 0.1 + lr * lr + 0.3 * hu * hu + 0.2 * l2 * l2 + noise;
  }

  @Test
  void parentsConfigurationsAreNotProposedAgain() {
    int repeats = 0;
    for (long seed = 1; seed <= 6; seed++) {
      // a parent job that ran 12 trials, 4 of them close to the optimum
      SplittableRandom r = new SplittableRandom(seed);
      List<TrialView> parent = new ArrayList<>();
      Set<Map<String, Object>> parents = new HashSet<>();
      for (int i = 0; i < 12; i++) {
        Map<String, Object> c =
            i < 4
                ? Map.of(
                    "learning_rate", 0.08 * Math.exp(0.3 * (r.nextDouble() - 0.5)),
                    "hidden_units", (Object) (long) (300 + r.nextInt(-40, 41)),
                    "l2", 1e-4 * Math.exp(r.nextDouble() - 0.5))
                : RandomStrategy.draw(
                    StrategyContext.of(null, SPACE, Direction.MINIMIZE, seed, List.of(), 12), r);
        parent.add(TrialView.completed(1000 + i, c, loss(c)));
        parents.add(c);
      }
      List<TrialView> own = new ArrayList<>();
      for (int k = 0; k < 6; k++) {
        StrategyContext ctx =
            new StrategyContext(
                null, SPACE, Direction.MINIMIZE, seed, own, parent, List.of(), 12, 0);
        Map<String, Object> c = new BayesianStrategy().propose(ctx, 1).get(0).config();
        if (parents.contains(c)) {
          repeats++;
        }
        own.add(TrialView.completed(k + 1, c, loss(c)));
      }
    }
    assertFalse(repeats > 0, repeats + " of 36 proposals repeated a parent's configuration");
  }
}
