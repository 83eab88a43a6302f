package dev.vernier.tuner.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.catalog.Direction;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.ParameterRange;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SearchStrategy} promises: the same seed and history give the same proposals (in
 * a fresh instance too, so a cache cannot matter), a different seed gives different ones, values
 * are inside their ranges and of the range's Java type, failed and stopped trials are handled, and
 * parallel workers get distinct configurations. Histories are seeded; nothing here is statistical.
 */
abstract class SearchStrategyContractTest {

  /** A fresh instance of the strategy under test. */
  abstract SearchStrategy create();

  /** The space to search; the mixed space unless the strategy cannot search it. */
  SearchSpace space() {
    return Histories.mixedSpace();
  }

  /** History sizes to try: empty, small, and past the Bayesian strategy's initial design. */
  int[] sizes() {
    return new int[] {0, 3, 12};
  }

  StrategyContext context(long seed, List<TrialView> trials) {
    return StrategyContext.of("job-1", space(), Direction.MINIMIZE, seed, trials, 1000);
  }

  List<TrialView> history(int completed) {
    return Histories.history(space(), 42, completed, 2, 2);
  }

  private static List<Map<String, Object>> configs(List<Proposal> ps) {
    return ps.stream().map(Proposal::config).toList();
  }

  @Test
  void sameSeedAndHistoryGiveTheSameProposals() {
    SearchStrategy a = create();
    for (int n : sizes()) {
      List<TrialView> h = history(n);
      List<Map<String, Object>> first = configs(a.propose(context(7, h), 3));
      // the same instance again (a warm cache), and a fresh one (no cache)
      assertEquals(first, configs(a.propose(context(7, h), 3)), "history " + n);
      assertEquals(first, configs(create().propose(context(7, h), 3)), "history " + n);
      assertEquals(
          first,
          configs(create().propose(context(7, h).withTrials(new ArrayList<>(h)), 3)),
          "history " + n);
    }
  }

  @Test
  void aDifferentSeedGivesDifferentProposals() {
    for (int n : sizes()) {
      List<TrialView> h = history(n);
      assertNotEquals(
          configs(create().propose(context(1, h), 3)),
          configs(create().propose(context(2, h), 3)),
          "history " + n);
    }
  }

  @Test
  void proposalsAreInsideTheirRangesWithTheRangesTypes() {
    SearchStrategy s = create();
    for (int n : sizes()) {
      for (Direction d : Direction.values()) {
        StrategyContext ctx = StrategyContext.of("job-" + d, space(), d, 3, history(n), 1000);
        List<Proposal> ps = s.propose(ctx, 4);
        assertEquals(4, ps.size());
        for (Proposal p : ps) {
          assertEquals(List.copyOf(space().ranges().keySet()), List.copyOf(p.config().keySet()));
          space().validate(p.config());
          for (Map.Entry<String, ParameterRange> e : space().ranges().entrySet()) {
            Object v = p.config().get(e.getKey());
            Class<?> type =
                e.getValue() instanceof ContinuousRange
                    ? Double.class
                    : e.getValue() instanceof IntegerRange ? Long.class : String.class;
            assertInstanceOf(type, v, e.getKey());
            assertTrue(e.getValue().contains(v), e.getKey() + "=" + v);
          }
          assertFalse(p.note().isBlank());
        }
      }
    }
  }

  @Test
  void failedAndStoppedTrialsAreHandledAndNotProposedAgain() {
    List<TrialView> h = Histories.history(space(), 5, 12, 6, 0);
    Set<Map<String, Object>> failed = new HashSet<>();
    h.stream()
        .filter(t -> t.state() == TrialView.State.FAILED)
        .forEach(t -> failed.add(t.config()));
    for (Proposal p : create().propose(context(11, h), 4)) {
      space().validate(p.config());
      assertFalse(failed.contains(p.config()), "re-proposed a failed configuration");
    }
    // a history of failures only
    List<TrialView> allFailed = Histories.history(space(), 6, 0, 8, 0);
    assertEquals(2, create().propose(context(11, allFailed), 2).size());
  }

  @Test
  void parallelWorkersGetDistinctConfigurations() {
    SearchStrategy s = create();
    for (int n : sizes()) {
      List<TrialView> h = history(n);
      Set<Map<String, Object>> used = new HashSet<>();
      h.forEach(t -> used.add(t.config()));
      for (Proposal p : s.propose(context(9, h), 4)) {
        assertTrue(used.add(p.config()), "duplicate in one call: " + p.config());
      }
      // successive calls, each earlier proposal now a pending trial
      List<TrialView> growing = new ArrayList<>(h);
      Set<Map<String, Object>> seen = new HashSet<>();
      growing.forEach(t -> seen.add(t.config()));
      for (int k = 0; k < 4; k++) {
        Proposal p = s.propose(context(9, growing), 1).get(0);
        assertTrue(seen.add(p.config()), "re-proposed a tried configuration: " + p.config());
        growing.add(TrialView.of(1000 + k, TrialView.State.PENDING, p.config()));
      }
    }
  }
}
