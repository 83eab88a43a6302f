package dev.vernier.tuner.stopping;

import dev.vernier.core.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@link EarlyStopper} decided about a running trial, and why, in words a person reads on
 * the trial's page: {@code STOP, "best 0.412 at epoch 3 is worse than the median 0.388 of 7 trials'
 * running averages"}, with the figures it was made from ({@code inputs}: e.g. {@code value 0.412,
 * percentileValue 0.388, comparedWith 7}), stored beside it so a decision can be checked later.
 *
 * @param inputs finite figures by name, in the order given; empty when the stopper had none
 */
public record StopDecision(Kind kind, String reason, Map<String, Number> inputs) {

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
    inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    inputs.forEach(
        (k, v) -> {
          if (v == null || !Double.isFinite(v.doubleValue())) {
            throw new InvalidInputException("inputs." + k, "must be a finite number", v);
          }
        });
  }

  public StopDecision(Kind kind, String reason) {
    this(kind, reason, Map.of());
  }

  /** This decision with its inputs. */
  public StopDecision with(Map<String, Number> figures) {
    return new StopDecision(kind, reason, figures);
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
