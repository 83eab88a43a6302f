package dev.vernier.tuner.job;

/**
 * An early-stopping decision as stored: which attempt and epoch it was made at, the decision
 * ({@code CONTINUE} or {@code STOP}) and the reason shown to users.
 */
public record StopDecisionRecord(
    int attempt, int epoch, String decision, String reason, long decidedAt) {}
