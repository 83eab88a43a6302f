package dev.vernier.tuner.stopping;

import dev.vernier.core.InvalidInputException;

/**
 * What an {@link EarlyStopper} decided about a running trial, and why, in words a person reads on
 * the trial's page: {@code STOP, "best 0.412 at epoch 3 is worse than the median 0.388 of 7 trials'
 * running averages"}.
 */
public record StopDecision(Kind kind, String reason) {

  /** Whether the trial goes on training. */
  public enum Kind {
    CONTINUE,
    STOP
  }

  public StopDecision {
    if (kind == null) {
      throw new InvalidInputException("kind", "a decision is CONTINUE or STOP", null);
    }
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("reason", "every decision needs a reason", reason);
    }
  }

  public static StopDecision proceed(String reason) {
    return new StopDecision(Kind.CONTINUE, reason);
  }

  public static StopDecision stop(String reason) {
    return new StopDecision(Kind.STOP, reason);
  }

  public boolean shouldStop() {
    return kind == Kind.STOP;
  }
}
