package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.storage.TrialStore;
import dev.vernier.tuner.strategy.TrialView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An early-stopping decision reads the curves of the trials still running (and of those it has not
 * seen ended), not every curve of the job on every heartbeat, and sees what a full read shows.
 */
class StopDecisionsTest {
  static final String METRIC = "validation:loss";

  @TempDir Path dir;
  TunerHarness h;

  /** The trial ids each history read asked for, in order; "all" for a read of the whole job. */
  final List<Object> reads = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    h = new TunerHarness(dir);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  TrialStore counted() {
    return h.spied(
        (method, args, r) -> {
          if (method.equals("history")) {
            reads.add(
                args.length == 3
                    ? ((Collection<?>) args[2]).stream().map(Long.class::cast).sorted().toList()
                    : "all");
          }
        });
  }

  void epochs(TrialAssignment a, int from, int to) {
    for (int e = from; e <= to; e++) {
      h.fleetService.heartbeat(a.leaseId(), List.of(new EpochUpdate(e, Map.of(METRIC, 1.0 / e))));
    }
  }

  void complete(TrialAssignment a) {
    h.fleetService.report(
        a.leaseId(), new TrialReport(TrialReport.Outcome.COMPLETED, 0.3, null, null, null));
  }

  List<Long> unended() {
    return h.trials.trials("s").stream()
        .filter(t -> !t.state().isTerminal())
        .map(TrialRecord::id)
        .sorted()
        .toList();
  }

  List<TrialView> fullRead() {
    return TrialViews.of(h.trials.trials("s"), h.trials.history("s", METRIC));
  }

  @Test
  void endedTrialsCurvesAreReadOnceAndTheViewsAreWhatAFullReadShows() throws Exception {
    h.submit(h.job("s", "random", 6, 6, ""));
    h.scheduler.tick();
    h.fleetService.register("w", "w", 6, "boot");
    for (int i = 0; i < 3; i++) {
      TrialAssignment a = h.fleetService.lease("w").orElseThrow();
      epochs(a, 1, 3);
      complete(a);
    }
    TrialAssignment fourth = h.fleetService.lease("w").orElseThrow();
    epochs(fourth, 1, 2);
    StopDecisions d = new StopDecisions(counted(), h.fleet, h.scheduler, null, null);

    assertEquals(fullRead(), d.views("s", METRIC, h.trials.trials("s"), fourth.trialId()));
    assertEquals(
        h.trials.trials("s").stream().map(TrialRecord::id).sorted().toList(),
        reads.get(0),
        "the first decision reads every curve");

    epochs(fourth, 3, 3);
    assertEquals(fullRead(), d.views("s", METRIC, h.trials.trials("s"), fourth.trialId()));
    assertEquals(unended(), reads.get(1), "then the trials not ended only");

    // the fourth ends between two decisions: read once more, then kept
    List<Long> before = unended();
    complete(fourth);
    TrialAssignment fifth = h.fleetService.lease("w").orElseThrow();
    epochs(fifth, 1, 1);
    assertEquals(fullRead(), d.views("s", METRIC, h.trials.trials("s"), fifth.trialId()));
    assertEquals(before, reads.get(2));
    assertEquals(fullRead(), d.views("s", METRIC, h.trials.trials("s"), fifth.trialId()));
    assertEquals(unended(), reads.get(3));
    assertEquals(4, reads.size());
  }
}
