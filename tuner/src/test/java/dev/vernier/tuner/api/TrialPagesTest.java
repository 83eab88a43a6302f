package dev.vernier.tuner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A page of trials by cursor and named numbers, and the trials whose curves are answered. */
class TrialPagesTest {
  static TrialRecord trial(int number, TrialState state, Double objective) {
    return new TrialRecord(
        number, "j", number, state, null, Map.of(), 0, objective, 3, null, false, null, null, 0L,
        null, null);
  }

  static List<TrialRecord> job(int n) {
    List<TrialRecord> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(trial(i, i > n - 2 ? TrialState.IN_PROGRESS : TrialState.COMPLETED, (double) i));
    }
    return out;
  }

  static List<Integer> numbers(List<TrialRecord> ts) {
    return ts.stream().map(TrialRecord::number).toList();
  }

  @Test
  void theCursorWalksEveryTrialOnceAndNamedTrialsComeWhereverTheyAre() {
    List<TrialRecord> all = job(25);
    TrialPages.Page p = TrialPages.page(all, 0, 10, new BitSet());
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), numbers(p.trials()));
    assertEquals(10, p.nextAfter());
    assertTrue(p.hasMore());
    assertEquals(25, p.total());
    TrialPages.Page last = TrialPages.page(all, 20, 10, new BitSet());
    assertEquals(List.of(21, 22, 23, 24, 25), numbers(last.trials()));
    assertEquals(25, last.nextAfter());
    assertFalse(last.hasMore());
    // a poll: nothing above 25, the named ones as they are, in number order
    TrialPages.Page poll = TrialPages.page(all, 25, 10, TrialPages.numbers("24,3-4"));
    assertEquals(List.of(3, 4, 24), numbers(poll.trials()));
    assertEquals(25, poll.nextAfter());
    // a named trial inside the run is answered once
    assertEquals(
        List.of(1, 2, 3, 4, 5, 24),
        numbers(TrialPages.page(all, 0, 5, TrialPages.numbers("2,24")).trials()));
  }

  @Test
  void badQueriesNameTheirParameter() {
    for (String bad :
        List.of(
            "x", "0", "5-3", "1-", "1,,2", "-4", "1-1001", "2147483647", "10001", "2000000000")) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> TrialPages.numbers(bad), bad);
      assertEquals("numbers", e.field());
    }
    assertEquals(1000, TrialPages.numbers("1-1000").cardinality());
    assertEquals(1000, TrialPages.numbers("9001-10000").cardinality(), "up to maxTrials' largest");
    assertEquals(0, TrialPages.numbers("").cardinality());
    assertEquals(
        "limit", assertThrows(InvalidInputException.class, () -> TrialPages.limit(0)).field());
    assertEquals(
        "limit", assertThrows(InvalidInputException.class, () -> TrialPages.limit(1001)).field());
    assertEquals(TrialPages.DEFAULT_LIMIT, TrialPages.limit(null));
    assertEquals(
        "after", assertThrows(InvalidInputException.class, () -> TrialPages.after(-1)).field());
    assertEquals(0, TrialPages.after(null));
  }

  @Test
  void curvesAreTheRunningAndTheBestInTheJobsDirection() {
    List<TrialRecord> all = new ArrayList<>(job(10)); // 9 and 10 running
    all.add(trial(11, TrialState.FAILED, null));
    CurvesController.Chosen min = CurvesController.choose(all, Direction.MINIMIZE, 3);
    assertEquals(List.of(1, 2, 3, 9, 10), numbers(min.trials()));
    assertEquals(2, min.running());
    assertEquals(6, min.omitted());
    CurvesController.Chosen max = CurvesController.choose(all, Direction.MAXIMIZE, 3);
    assertEquals(List.of(6, 7, 8, 9, 10), numbers(max.trials()));
    // trials without an objective come last; a cap above the job's size answers every trial
    CurvesController.Chosen every = CurvesController.choose(all, Direction.MINIMIZE, 50);
    assertEquals(11, every.trials().size());
    assertEquals(0, every.omitted());
  }
}
