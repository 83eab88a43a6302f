package dev.vernier.tuner.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An early-stopping decision as stored: which attempt and epoch it was made at, the decision
 * ({@code CONTINUE} or {@code STOP}), the reason shown to users and the figures it was made from
 * ({@code inputs}, e.g. {@code value}, {@code percentileValue}, {@code comparedWith}; empty for
 * decisions stored before inputs were kept).
 */
public record StopDecisionRecord(
    int attempt,
    int epoch,
    String decision,
    String reason,
    long decidedAt,
    Map<String, Number> inputs) {

  public StopDecisionRecord {
    inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }

  /** A decision without inputs. */
  public StopDecisionRecord(
      int attempt, int epoch, String decision, String reason, long decidedAt) {
    this(attempt, epoch, decision, reason, decidedAt, Map.of());
  }
}
