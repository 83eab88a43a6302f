package dev.vernier.worker.runtime;

/** Thrown inside a slot when the service says its lease is lost: abandon the trial silently. */
final class TrialLost extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TrialLost(String reason) {
    super(reason, null, false, false);
  }
}
