package dev.vernier.monitor.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monitors themselves: their specs, baselines, health and counters.
 *
 * <p><b>Callers</b>: {@code MonitorService} (create, delete, health), the REST API and the runner
 * (reads). <b>Threads and processes</b>: safe to call from several threads and from several
 * processes sharing the database; reads see committed data only. <b>Transactions</b>: every method
 * is one transaction; {@link #create} stores the monitor and its baseline together, {@link #delete}
 * removes the monitor and everything it owns together. <b>Ownership</b>: returned records and lists
 * are immutable snapshots owned by the caller. <b>Errors</b>: a database failure (unreachable,
 * locked past the busy timeout, disk full) raises an unchecked exception and stores nothing of that
 * call; creating a monitor whose id exists raises one too. No method returns null: absence is an
 * empty {@link Optional} or {@code false}.
 */
public interface MonitorRepository {
  /** Stores a new monitor and its baseline (the training data's SHA-256 and the baseline JSON). */
  void create(MonitorRecord monitor, String datasetSha256, String baselineJson);

  Optional<MonitorRecord> monitor(String id);

  /** Every monitor, oldest first. */
  List<MonitorRecord> monitors();

  /** Deletes a monitor and everything it owns; false when it did not exist. */
  boolean delete(String id);

  /** The monitor's baseline (JSON, {@code BaselineCodec}'s format), empty for an unknown id. */
  Optional<String> baseline(String monitorId);

  /**
   * Sets a monitor's health: {@code reason} null makes it ACTIVE again; otherwise it is DEGRADED
   * with that reason, since {@code now} (kept from the first failure while it stays degraded).
   */
  void setHealth(String monitorId, String reason, long now);

  /** The monitor's counters by name (events_accepted, windows_closed, ...), sorted by name. */
  Map<String, Long> counters(String monitorId);
}
