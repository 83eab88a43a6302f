package dev.vernier.tuner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.storage.FleetStore.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@link TrialStore} contract: proposals as compare-and-set, metrics, decisions, stops. */
abstract class TrialStoreContractTest extends StoreContract {
  @Test
  void proposalsAreAddedOnceEvenWhenTwoSchedulersRace() {
    job("a", 3, 1);
    List<TrialRecord> first = trials.addProposals("a", 0, List.of(cfg(0.1), cfg(0.2)), 5);
    assertEquals(List.of(1, 2), first.stream().map(TrialRecord::number).toList());
    assertEquals(List.of(), trials.addProposals("a", 0, List.of(cfg(0.3)), 6), "stale count");
    assertEquals(
        List.of(),
        trials.addProposals("a", 2, List.of(cfg(0.3), cfg(0.4)), 6),
        "beyond max trials");
    assertEquals(1, trials.addProposals("a", 2, List.of(cfg(0.3)), 6).size());
    List<TrialRecord> all = trials.trials("a");
    assertEquals(3, all.size());
    assertEquals(0.2, all.get(1).config().get("learning_rate"));
    assertEquals(TrialState.PENDING, all.get(0).state());
    assertEquals(3, jobs.find("a").orElseThrow().trialsCreated());
  }

  @Test
  void proposedSinceReadsOnlyTheTrialsAfterANumberWhateverTheirStateNow() {
    job("a", 6, 2);
    List<TrialRecord> first = trials.addProposals("a", 0, List.of(cfg(0.1), cfg(0.2), cfg(0.3)), 5);
    // the first trial runs and ends: what was proposed does not change
    fleet.register("w", "w", 1, "boot", 5);
    var lease = fleet.lease("w", 6, 1000).orElseThrow();
    fleet.report(lease.id(), new Outcome(Outcome.Kind.COMPLETED, 0.5, null, null, null), 7);
    trials.addProposals("a", 3, List.of(cfg(0.4), cfg(0.5)), 8);
    var all = trials.proposedSince("a", 0);
    assertEquals(List.of(1, 2, 3, 4, 5), all.stream().map(p -> p.number()).toList());
    assertEquals(first.get(0).id(), all.get(0).id());
    assertEquals(0.1, all.get(0).config().get("learning_rate"));
    var later = trials.proposedSince("a", 3);
    assertEquals(List.of(4, 5), later.stream().map(p -> p.number()).toList());
    assertEquals(0.5, later.get(1).config().get("learning_rate"));
    assertEquals(List.of(), trials.proposedSince("a", 5));
    assertEquals(List.of(), trials.proposedSince("nope", 0));
  }

  @Test
  void concurrentProposalsWithOneCountAreAddedOnce() throws Exception {
    job("a", 10, 1);
    List<Object> added = race(4, () -> trials.addProposals("a", 0, List.of(cfg(0.1), cfg(0.2)), 5));
    assertEquals(
        1, added.stream().filter(r -> !((List<?>) r).isEmpty()).count(), String.valueOf(added));
    assertEquals(2, trials.trials("a").size());
    assertEquals(2, jobs.find("a").orElseThrow().trialsCreated());
  }

  @Test
  void historyCountsProvenanceAndAJobStop() {
    job("a", 5, 2);
    job("b", 5, 1);
    List<TrialRecord> ts = trials.addProposals("a", 0, List.of(cfg(0.1), cfg(0.2), cfg(0.3)), 5);
    trials.addProposals("b", 0, List.of(cfg(0.4)), 5);
    fleet.register("w1", "w1", 2, "boot", 10);
    FleetStore.Lease l1 = fleet.lease("w1", 20, 1000).orElseThrow();
    FleetStore.Lease l2 = fleet.lease("w1", 21, 1000).orElseThrow();
    assertEquals(ts.get(0).id(), l1.trial().id());
    fleet.heartbeat(
        l1.id(),
        List.of(
            new EpochMetrics(0, 1, Map.of("validation:accuracy", 0.5), 30),
            new EpochMetrics(0, 2, Map.of("validation:accuracy", 0.7), 31)),
        31,
        1000);
    fleet.heartbeat(
        l2.id(), List.of(new EpochMetrics(0, 1, Map.of("validation:accuracy", 0.4), 32)), 32, 1000);
    assertEquals(
        Map.of(ts.get(0).id(), List.of(0.5, 0.7), ts.get(1).id(), List.of(0.4)),
        trials.history("a", "validation:accuracy"));
    assertEquals(Map.of(), trials.history("a", "no-such-metric"));
    // some trials only: those asked for that have values, never another job's
    assertEquals(
        Map.of(ts.get(1).id(), List.of(0.4)),
        trials.history("a", "validation:accuracy", List.of(ts.get(1).id(), ts.get(2).id())));
    assertEquals(Map.of(), trials.history("a", "validation:accuracy", List.of()));
    assertEquals(
        Map.of(), trials.history("b", "validation:accuracy", List.of(ts.get(0).id())), "job b's");
    assertEquals(Optional.empty(), trials.provenance(ts.get(0).id()));
    fleet.report(
        l1.id(),
        new Outcome(Outcome.Kind.COMPLETED, 0.7, null, null, "{\"algorithm\":\"mlp\"}"),
        40);
    assertEquals(Optional.of("{\"algorithm\":\"mlp\"}"), trials.provenance(ts.get(0).id()));
    assertEquals(
        Map.of(TrialState.COMPLETED, 1, TrialState.IN_PROGRESS, 1, TrialState.PENDING, 1),
        nonZero(trials.countByState("a")));
    assertEquals(
        Map.of(TrialState.COMPLETED, 1, TrialState.IN_PROGRESS, 1, TrialState.PENDING, 2),
        nonZero(trials.countByState()));
    // a job stop ends its pending trials at once and flags its running ones; other jobs keep theirs
    trials.requestStopAll("a", 50);
    List<TrialRecord> after = trials.trials("a");
    assertEquals(TrialState.COMPLETED, after.get(0).state());
    assertEquals(TrialState.IN_PROGRESS, after.get(1).state());
    assertTrue(after.get(1).stopRequested());
    assertEquals(TrialState.STOPPED, after.get(2).state());
    assertEquals(50L, after.get(2).endedAt());
    assertEquals(TrialState.PENDING, trials.trials("b").get(0).state());
    assertEquals(Optional.empty(), trials.find(999_999));
    assertEquals(List.of(), trials.trials("ghost"));
  }

  private static Map<TrialState, Integer> nonZero(Map<TrialState, Integer> counts) {
    Map<TrialState, Integer> out = new java.util.EnumMap<>(TrialState.class);
    counts.forEach(
        (k, v) -> {
          if (v != 0) {
            out.put(k, v);
          }
        });
    return out;
  }
}
