package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.event.InferenceEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * The inference ids a monitor has counted ({@code inference_seen}, migration V13), claimed inside
 * the caller's ingest transaction (rules: {@link dev.vernier.monitor.window.RepeatedIds}). A batch
 * claims its ids with one multi-row {@code INSERT ... ON CONFLICT DO NOTHING RETURNING
 * inference_id} per {@link #ROWS} events: the rows returned are the ids it claimed, the others were
 * there already. No extra round trip per event, and the primary key, not the monitor's row lock or
 * process memory, decides: of two transactions claiming one id at once, PostgreSQL makes the second
 * wait for the first and then returns nothing to it. Immutable and thread-safe.
 */
final class SeenIds {
  /** Rows per claim: 3 bind values each stay under SQLite's historical 999-variable limit. */
  static final int ROWS = 300;

  private final String claimFull = claimSql(ROWS);

  private static String claimSql(int rows) {
    StringBuilder s =
        new StringBuilder(80 + rows * 10)
            .append("INSERT INTO inference_seen (monitor_id, inference_id, event_time) VALUES ");
    for (int i = 0; i < rows; i++) {
      s.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
    }
    return s.append(" ON CONFLICT DO NOTHING RETURNING inference_id").toString();
  }

  /**
   * Claims the ids of {@code events} (at most one event per id; events without an id are skipped)
   * for the monitor, and returns those it claimed: the ids the monitor had not counted.
   */
  Set<String> claim(DSLContext tx, String monitorId, List<InferenceEvent> events) {
    List<InferenceEvent> withIds =
        events.stream().anyMatch(e -> e.inferenceId() == null)
            ? events.stream().filter(e -> e.inferenceId() != null).toList()
            : events;
    Set<String> claimed = new HashSet<>(withIds.size() * 2);
    for (int from = 0; from < withIds.size(); from += ROWS) {
      List<InferenceEvent> part = withIds.subList(from, Math.min(withIds.size(), from + ROWS));
      String sql = part.size() == ROWS ? claimFull : claimSql(part.size());
      tx.connection(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              int p = 1;
              for (InferenceEvent e : part) {
                ps.setString(p++, monitorId);
                ps.setString(p++, e.inferenceId());
                ps.setLong(p++, e.eventTime());
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  claimed.add(rs.getString(1));
                }
              }
            }
          });
    }
    return claimed;
  }
}
