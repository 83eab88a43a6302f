package dev.vernier.tuner.stopping;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.strategy.TrialView;
import java.util.List;

/**
 * Decides whether a running trial should stop early, from the objective it reported after each
 * epoch and the other trials' reports.
 *
 * <p><b>Who calls it, when.</b> The job's scheduler, each time a running trial reports an epoch
 * ({@code trial.intermediate()} has just grown by one). The decision and its reason are stored with
 * the trial and shown; a {@code STOP} is sent to the worker, which ends the trial as {@code
 * STOPPED}.
 *
 * <p><b>A pure function</b> of its arguments and its settings: no clock, no randomness, no storage.
 * It never waits for other trials: with too little evidence it says {@code CONTINUE} and why.
 * Implementations are immutable and thread-safe. Instances come from {@link StopperRegistry}.
 */
public interface EarlyStopper {

  /** The name users write: {@code off}, {@code auto}, {@code hyperband}. */
  String name();

  /**
   * The decision for {@code trial} after its latest epoch.
   *
   * @param trial the running trial, with at least one intermediate value
   * @param others the job's other trials in any state (the trial itself, if present, is ignored)
   * @param direction whether smaller or larger objectives are better
   */
  StopDecision decide(TrialView trial, List<TrialView> others, Direction direction);
}
