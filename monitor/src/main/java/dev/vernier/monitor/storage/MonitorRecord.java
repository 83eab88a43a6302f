package dev.vernier.monitor.storage;

/**
 * A stored monitor: its spec as submitted (JSON), and its state ({@code ACTIVE} or {@code PAUSED}).
 */
public record MonitorRecord(
    String id, String name, String specJson, String state, long createdAt, Long lastRetrainAt) {}
