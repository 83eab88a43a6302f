package dev.vernier.monitor.storage;

/**
 * A stored alert with its evidence (JSON) and what its retraining policy did: retrainState is
 * {@code NONE} (no retraining asked), {@code PENDING}, {@code SUBMITTED} (with the job id), {@code
 * COOLDOWN} (skipped: another job started recently) or {@code FAILED} (with the error).
 */
public record AlertRecord(
    long id,
    String monitorId,
    String kind,
    long windowStart,
    long createdAt,
    String summary,
    String evidenceJson,
    String retrainState,
    String retrainJobId,
    String retrainError) {}
