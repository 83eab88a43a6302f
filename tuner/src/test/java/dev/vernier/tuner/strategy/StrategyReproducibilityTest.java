package dev.vernier.tuner.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vernier.core.catalog.Direction;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's promise, for every registered strategy: drives each one through {@link
 * StrategyContext} as the scheduler does (proposals become PENDING trials, trials finish or are
 * stopped between calls, calls ask for as many as there are free slots) under different parallelism
 * and timing, and compares the configurations the job's trials get.
 */
class StrategyReproducibilityTest {
  private static final int TRIALS = 20;

  static Stream<String> strategies() {
    return StrategyRegistry.load().names().stream();
  }

  static Stream<String> strategiesIgnoringResults() {
    StrategyRegistry r = StrategyRegistry.load();
    return r.names().stream().filter(n -> !r.get(n).usesResults());
  }

  private static SearchSpace space(String name) {
    return name.equals("grid") ? Histories.gridSpace() : Histories.mixedSpace();
  }

  /**
   * Runs a job of {@link #TRIALS} trials with {@code slots} workers: each round, the oldest {@code
   * finishEach} active trials end (every third of them stopped after two epochs when {@code
   * stops}), then the strategy fills the free slots.
   */
  static List<Map<String, Object>> run(
      SearchStrategy s, String name, long seed, int slots, int finishEach, boolean stops) {
    SearchSpace space = space(name);
    List<TrialView> trials = new ArrayList<>();
    int ended = 0;
    while (trials.size() < TRIALS) {
      for (int f = 0; f < finishEach; f++) {
        for (int i = 0; i < trials.size(); i++) {
          TrialView t = trials.get(i);
          if (t.state().isActive()) {
            double v = Histories.objective(space, t.config());
            trials.set(
                i,
                stops && ended % 3 == 2
                    ? new TrialView(
                        t.id(), TrialView.State.STOPPED, t.config(), null, List.of(v + 1, v + 0.5))
                    : new TrialView(
                        t.id(), TrialView.State.COMPLETED, t.config(), v, List.of(v + 1, v)));
            ended++;
            break;
          }
        }
      }
      long active = trials.stream().filter(t -> t.state().isActive()).count();
      int free = (int) Math.min(slots - active, TRIALS - trials.size());
      if (free <= 0) {
        continue;
      }
      StrategyContext ctx =
          new StrategyContext(
              "job-" + slots, space, Direction.MINIMIZE, seed, trials, null, null, 24, 9);
      for (Proposal p : s.propose(ctx, free)) {
        trials.add(TrialView.of(trials.size() + 1, TrialView.State.PENDING, p.config()));
      }
    }
    return trials.stream().map(TrialView::config).toList();
  }

  @ParameterizedTest
  @MethodSource("strategiesIgnoringResults")
  void aStrategyThatIgnoresResultsGivesTheSameSequenceWhateverTheParallelismAndTiming(String name) {
    SearchStrategy s = StrategyRegistry.load().get(name);
    List<Map<String, Object>> serial = run(s, name, 17, 1, 1, false);
    assertEquals(serial, run(s, name, 17, 4, 1, false), name + ": 1 vs 4 slots");
    assertEquals(serial, run(s, name, 17, 4, 2, true), name + ": 4 slots, with stops");
    assertEquals(serial, run(s, name, 17, 3, 3, true), name + ": 3 slots, batches of 3");
    assertEquals(serial, run(s, name, 17, 8, 1, true), name + ": 8 slots ahead of results");
    assertNotEquals(serial, run(s, name, 18, 1, 1, false), name + ": another seed");
  }

  @Test
  void theStrategiesThatMustKeepTheirSequenceAreTheOnesThatIgnoreResults() {
    StrategyRegistry r = StrategyRegistry.load();
    assertEquals(
        List.of("grid", "hyperband", "random", "sobol"),
        r.names().stream().filter(n -> !r.get(n).usesResults()).toList());
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void theSameSeedAndHistoryGiveTheSameProposalsWhateverHowTheHistoryCameAbout(String name) {
    // the history comes from a run at 3 slots with stops; a fresh instance and the one that made
    // it, asked with the same seed and history, propose the same, at every point of the run
    SearchStrategy maker = StrategyRegistry.load().get(name);
    List<Map<String, Object>> configs = run(maker, name, 5, 3, 1, true);
    SearchSpace space = space(name);
    for (int n = 0; n <= 12; n += 4) {
      List<TrialView> h = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Map<String, Object> c = configs.get(i);
        h.add(
            i % 4 == 3
                ? TrialView.of(i + 1, TrialView.State.RUNNING, c)
                : TrialView.completed(i + 1, c, Histories.objective(space, c)));
      }
      StrategyContext ctx =
          new StrategyContext("job-h", space, Direction.MINIMIZE, 5, h, null, null, 24, 9);
      List<Proposal> a = maker.propose(ctx, 2);
      List<Proposal> b = StrategyRegistry.load().get(name).propose(ctx.withTrials(h), 2);
      assertEquals(
          a.stream().map(Proposal::config).toList(),
          b.stream().map(Proposal::config).toList(),
          name + " after " + n);
    }
  }
}
