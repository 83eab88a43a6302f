package dev.vernier.monitor.storage;

/**
 * A stored monitor's health. ACTIVE while its ingestion works; DEGRADED while it keeps failing (the
 * monitor's {@code stateReason} says why, {@code stateSince} since when). Stored by name.
 */
public enum MonitorState {
  ACTIVE,
  DEGRADED;

  /** ACTIVE when {@code reason} is null, DEGRADED otherwise. */
  public static MonitorState of(String reason) {
    return reason == null ? ACTIVE : DEGRADED;
  }
}
