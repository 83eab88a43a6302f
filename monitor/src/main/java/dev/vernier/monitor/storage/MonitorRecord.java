package dev.vernier.monitor.storage;

/**
 * A stored monitor: its spec as submitted (JSON), and its state: {@link MonitorState#ACTIVE}, or
 * {@link MonitorState#DEGRADED} while its ingestion keeps failing ({@code stateReason} says why,
 * {@code stateSince} since when; both null otherwise).
 */
public record MonitorRecord(
    String id,
    String name,
    String specJson,
    MonitorState state,
    long createdAt,
    Long lastRetrainAt,
    String stateReason,
    Long stateSince) {
  public MonitorRecord(
      String id,
      String name,
      String specJson,
      MonitorState state,
      long createdAt,
      Long lastRetrainAt) {
    this(id, name, specJson, state, createdAt, lastRetrainAt, null, null);
  }
}
