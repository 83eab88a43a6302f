package dev.vernier.tuner.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.catalog.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BayesianStrategyTest extends SearchStrategyContractTest {
  @Override
  SearchStrategy create() {
    return new BayesianStrategy();
  }

  @Test
  void startsWithSobolThenUsesTheModel() {
    StrategyContext cold = context(3, Histories.history(space(), 1, 3, 0, 0));
    assertTrue(create().propose(cold, 1).get(0).note().startsWith("initial design"));
    StrategyContext warm = context(3, Histories.history(space(), 1, 9, 0, 0));
    String note = create().propose(warm, 1).get(0).note();
    assertTrue(note.startsWith("expected improvement"), note);
    assertTrue(note.contains("GP on 10 observations"), note); // 9 completed + 1 stopped
  }

  @Test
  void theRefitScheduleIsAFunctionOfTheObservationCount() {
    int[] n = {5, 19, 20, 21, 39, 40, 43, 80, 95, 100, 1000};
    int[] s = {5, 19, 20, 20, 38, 40, 40, 80, 88, 96, 960};
    for (int i = 0; i < n.length; i++) {
      assertEquals(s[i], BayesianModel.fitSize(n[i]), "n=" + n[i]);
    }
  }

  /**
   * A cached model must give what a model built from scratch gives, whatever happened before:
   * proposals one and three at a time, pending trials, a failure, and trials finishing out of id
   * order, across refits and incremental updates.
   */
  @Test
  void theCachedModelGivesTheResultsOfAFreshOne() {
    BenchmarkFunction fn = BenchmarkFunction.hartmann3();
    BayesianStrategy cached = new BayesianStrategy();
    List<TrialView> trials = new ArrayList<>();
    long id = 0;
    for (int step = 0; step < 16; step++) {
      int count = step % 3 == 0 ? 3 : 1;
      StrategyContext ctx =
          StrategyContext.of("job-c", fn.space(), Direction.MINIMIZE, 5, trials, 1000);
      List<Proposal> fromCache = cached.propose(ctx, count);
      List<Proposal> fresh = new BayesianStrategy().propose(ctx.withTrials(trials), count);
      assertEquals(
          fresh.stream().map(Proposal::config).toList(),
          fromCache.stream().map(Proposal::config).toList(),
          "step " + step);
      for (Proposal p : fromCache) {
        trials.add(TrialView.of(id++, TrialView.State.RUNNING, p.config()));
      }
      // finish the running trials, the newest first (out of id order), one of them failing
      for (int i = trials.size() - 1; i >= 0; i--) {
        TrialView t = trials.get(i);
        if (t.state() == TrialView.State.RUNNING && (step % 2 == 0 || i == trials.size() - 1)) {
          trials.set(
              i,
              t.id() == 7
                  ? TrialView.of(t.id(), TrialView.State.FAILED, t.config())
                  : TrialView.completed(t.id(), t.config(), fn.evaluate(t.config())));
        }
      }
    }
  }

  /**
   * Bayesian optimisation beats random search on Branin with 40 trials, median regret over seeds 0,
   * 1, 2. The seeds are fixed, so the test is deterministic; over random seed triples its
   * false-failure rate is below 1 in 100: of 100 disjoint triples (seeds 0..299) tried when the
   * test was written, none failed (the Bayesian median regret was at most 0.0024 for every triple,
   * the random one at least 0.015).
   */
  @Test
  void beatsRandomSearchOnBranin() {
    BenchmarkFunction fn = BenchmarkFunction.branin();
    double[] bayes = new double[3];
    double[] random = new double[3];
    for (int seed = 0; seed < 3; seed++) {
      bayes[seed] = bestRegret(new BayesianStrategy(), fn, seed, 40);
      random[seed] = bestRegret(new RandomStrategy(), fn, seed, 40);
    }
    java.util.Arrays.sort(bayes);
    java.util.Arrays.sort(random);
    assertTrue(
        bayes[1] < random[1], "median regret: bayesian " + bayes[1] + ", random " + random[1]);
  }

  static double bestRegret(SearchStrategy s, BenchmarkFunction fn, long seed, int budget) {
    List<TrialView> trials = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < budget; i++) {
      StrategyContext ctx =
          StrategyContext.of("b" + seed, fn.space(), Direction.MINIMIZE, seed, trials, budget);
      Map<String, Object> c = s.propose(ctx, 1).get(0).config();
      double v = fn.evaluate(c);
      best = Math.min(best, v);
      trials.add(TrialView.completed(i, c, v));
    }
    return fn.regret(best);
  }
}
