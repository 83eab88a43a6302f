package dev.vernier.worker.runtime;

import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import java.nio.file.Path;

/**
 * Runs one trial attempt to its end on a worker slot: a built-in algorithm or a registered command.
 * Implementations call {@code epochs.epoch(...)} after each epoch and stop after the epoch when it
 * answers true.
 */
interface TrialExecutor {

  /** Receives each epoch and answers whether to stop now. */
  @FunctionalInterface
  interface Epochs {
    /**
     * @throws TrialLost when the service has given the trial to another worker
     */
    boolean epoch(int epoch, java.util.Map<String, Double> metrics);

    /**
     * Whether the service has asked the trial to stop (known from the last heartbeat), for
     * executors that check it on a timer rather than after an epoch. Must be cheap and never block.
     */
    default boolean stopRequested() {
      return false;
    }
  }

  /**
   * Runs the attempt.
   *
   * @param workDir an empty directory for the attempt's files (the model goes to {@code
   *     workDir/model})
   * @return the outcome without artifact fields (the runtime uploads and fills them)
   */
  TrialReport run(TrialAssignment a, Path workDir, Epochs epochs) throws Exception;
}
