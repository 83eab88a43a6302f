package dev.vernier.monitor.storage;

/** A stored alert with its evidence (JSON) and what its retraining policy did. */
public record AlertRecord(
    long id,
    String monitorId,
    String kind,
    long windowStart,
    long createdAt,
    String summary,
    String evidenceJson,
    AlertRetraining retraining) {}
