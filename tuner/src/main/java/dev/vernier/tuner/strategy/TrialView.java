package dev.vernier.tuner.strategy;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.Direction;
import java.util.List;
import java.util.Map;

/**
 * A read-only snapshot of one trial as strategies and early stoppers see it.
 *
 * @param id the trial's id, unique within its job; history lists are ordered by it
 * @param state where the trial is in its life
 * @param config its hyperparameters, typed as the search space's ranges type them ({@link Double},
 *     {@link Long}, {@link String})
 * @param objective the final objective as the job's metric reports it (not negated), or null while
 *     there is none
 * @param intermediate the objective after each epoch: element {@code e - 1} is epoch {@code e}
 */
public record TrialView(
    long id, State state, Map<String, Object> config, Double objective, List<Double> intermediate) {

  /** A trial's life: proposed, leased to a worker, then finished one of three ways. */
  public enum State {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    STOPPED;

    /** True for a trial that has been proposed and not finished: its result is still to come. */
    public boolean isActive() {
      return this == PENDING || this == RUNNING;
    }
  }

  public TrialView {
    if (state == null) {
      throw new InvalidInputException("state", "a trial needs a state", null);
    }
    if (config == null) {
      throw new InvalidInputException("config", "a trial needs a configuration", null);
    }
    config = Map.copyOf(config);
    intermediate = intermediate == null ? List.of() : List.copyOf(intermediate);
    if (state == State.COMPLETED && objective == null) {
      throw new InvalidInputException(
          "objective", "a COMPLETED trial needs an objective", "trial " + id);
    }
  }

  /** A finished trial with a final objective and no intermediate values. */
  public static TrialView completed(long id, Map<String, Object> config, double objective) {
    return new TrialView(id, State.COMPLETED, config, objective, List.of());
  }

  /** A trial in the given unfinished or failed state, without results. */
  public static TrialView of(long id, State state, Map<String, Object> config) {
    return new TrialView(id, state, config, null, List.of());
  }

  /**
   * The value a model of the objective should learn from this trial, as a loss to minimise, or NaN
   * when the trial has none: a COMPLETED trial's objective, a STOPPED trial's objective or else its
   * last intermediate value; nothing for the other states.
   */
  public double observedLoss(Direction direction) {
    Double v = null;
    if (state == State.COMPLETED) {
      v = objective;
    } else if (state == State.STOPPED) {
      v = objective;
      if (v == null && !intermediate.isEmpty()) {
        v = intermediate.get(intermediate.size() - 1);
      }
    }
    return v == null || !Double.isFinite(v) ? Double.NaN : direction.toLoss(v);
  }

  /** The number of epochs reported so far. */
  public int epochs() {
    return intermediate.size();
  }
}
