package dev.vernier.worker.runtime;

import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;

/**
 * Hears a {@link WorkerRuntime}'s trials start and end, for a worker's console (one line each).
 *
 * <p>Called on the slot's own thread, so several slots call it at once: implementations are
 * thread-safe and quick (they print; they never block on the service). An exception a listener
 * throws is logged and does not affect the trial.
 */
public interface TrialListener {
  /** A listener that hears nothing. */
  TrialListener NONE = new TrialListener() {};

  /** The slot leased {@code a} and starts training it. */
  default void started(TrialAssignment a) {}

  /** The trial ended with {@code report}, which the slot now sends (objective null when none). */
  default void ended(TrialAssignment a, TrialReport report) {}

  /** The service handed the trial to another worker (the lease was lost); no report is sent. */
  default void abandoned(TrialAssignment a, String reason) {}
}
