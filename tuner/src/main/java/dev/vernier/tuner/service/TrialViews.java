package dev.vernier.tuner.service;

import dev.vernier.core.space.SearchSpace;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.strategy.TrialView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns stored trials into the read-only views strategies and stoppers see. */
final class TrialViews {
  private TrialViews() {}

  static TrialView.State state(TrialRecord t) {
    return switch (t.state()) {
      case PENDING -> TrialView.State.PENDING;
      case IN_PROGRESS, STOPPING -> TrialView.State.RUNNING;
      case COMPLETED -> t.objective() == null ? TrialView.State.FAILED : TrialView.State.COMPLETED;
      case STOPPED -> TrialView.State.STOPPED;
      case FAILED -> TrialView.State.FAILED;
    };
  }

  static TrialView of(TrialRecord t, List<Double> intermediate) {
    return new TrialView(t.id(), state(t), t.config(), t.objective(), intermediate);
  }

  static List<TrialView> of(List<TrialRecord> trials, Map<Long, List<Double>> history) {
    return trials.stream().map(t -> of(t, history.getOrDefault(t.id(), List.of()))).toList();
  }

  /**
   * A parent's finished trials that fit this job's space, their configurations cut to its
   * parameters: warm start from a job that tuned other or more parameters still helps.
   */
  static List<TrialView> warmStart(List<TrialRecord> parentTrials, SearchSpace space) {
    return parentTrials.stream()
        .filter(
            t ->
                t.objective() != null
                    && (t.state() == dev.vernier.tuner.job.TrialState.COMPLETED
                        || t.state() == dev.vernier.tuner.job.TrialState.STOPPED))
        .map(
            t -> {
              Map<String, Object> c = new LinkedHashMap<>();
              for (var e : space.ranges().entrySet()) {
                Object v = t.config().get(e.getKey());
                if (v == null || !e.getValue().contains(v)) {
                  return null;
                }
                c.put(e.getKey(), v);
              }
              return new TrialView(t.id(), TrialView.State.COMPLETED, c, t.objective(), List.of());
            })
        .filter(java.util.Objects::nonNull)
        .toList();
  }
}
