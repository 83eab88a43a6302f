package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.INFERENCE_SEEN;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR;

import dev.vernier.core.json.Json;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.window.RepeatedIds;
import dev.vernier.monitor.window.Windowing;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The inference ids a monitor has counted ({@code inference_seen}, migration V13), claimed inside
 * the caller's ingest transaction (rules: {@link dev.vernier.monitor.window.RepeatedIds}). A batch
 * claims its ids with one multi-row {@code INSERT ... ON CONFLICT DO NOTHING RETURNING
 * inference_id} per {@link #ROWS} events: the rows returned are the ids it claimed, the others were
 * there already. No extra round trip per event, and the primary key, not the monitor's row lock or
 * process memory, decides: of two transactions claiming one id at once, PostgreSQL makes the second
 * wait for the first and then returns nothing to it.
 *
 * <p>A monitor whose spec says {@code "deduplicate": false} keeps no ids: {@link #counted} returns
 * every event and {@link #forget} does nothing, so no row of {@code inference_seen} is written,
 * read or deleted for it. The store reads that from the monitor's stored spec ({@link
 * MonitorSpecParser#storedDeduplicate}), once per monitor and store: a spec never changes (a
 * monitor is not updated; a new one has a new id), and every path that stores a batch (Kafka, HTTP,
 * a record stored on its own, any replica) is held to it without carrying it.
 *
 * <p>Thread-safe: the statements are immutable and the monitors' options a concurrent map.
 */
final class SeenIds {
  /** Rows per claim: 3 bind values each stay under SQLite's historical 999-variable limit. */
  static final int ROWS = 300;

  private final String claimFull = claimSql(ROWS);
  private final RenderedSql forgetIds;
  private final Map<String, Boolean> deduplicates = new ConcurrentHashMap<>();

  SeenIds(DSLContext dsl) {
    forgetIds =
        RenderedSql.of(
            dsl,
            dsl.deleteFrom(INFERENCE_SEEN)
                .where(
                    INFERENCE_SEEN.MONITOR_ID.eq(DSL.param("monitor", String.class)),
                    INFERENCE_SEEN.EVENT_TIME.lt(DSL.param("time", Long.class))));
  }

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
   * The events of a batch to count, in batch order: for a monitor that deduplicates, the first of
   * each id in the batch whose id it claims now (the others are duplicates, {@link RepeatedIds});
   * otherwise all of them.
   */
  List<InferenceEvent> counted(DSLContext tx, String monitorId, List<InferenceEvent> events) {
    if (events.isEmpty() || !deduplicates(tx, monitorId)) {
      return events;
    }
    List<InferenceEvent> distinct = RepeatedIds.firstOfEachId(events);
    return RepeatedIds.claimed(distinct, claim(tx, monitorId, distinct));
  }

  /**
   * Forgets the ids a batch of {@code events} lets go ({@link RepeatedIds#forgetBefore}); nothing
   * for a monitor that keeps none.
   */
  void forget(
      DSLContext tx,
      String monitorId,
      List<InferenceEvent> events,
      Duration labelHorizon,
      Windowing windowing,
      long closedThrough) {
    OptionalLong before = RepeatedIds.forgetBefore(events, labelHorizon, windowing, closedThrough);
    if (before.isPresent() && deduplicates(tx, monitorId)) {
      forgetIds.update(tx, "monitor", monitorId, "time", before.getAsLong());
    }
  }

  /** Whether the monitor counts an id once, as its stored spec says (read once, then kept). */
  boolean deduplicates(DSLContext tx, String monitorId) {
    Boolean known = deduplicates.get(monitorId);
    if (known != null) {
      return known;
    }
    org.jooq.JSON spec =
        tx.select(MONITOR.SPEC)
            .from(MONITOR)
            .where(MONITOR.ID.eq(monitorId))
            .fetchOne(MONITOR.SPEC);
    if (spec == null) {
      return true; // not stored (the caller refuses the batch): claim as the default would
    }
    boolean d =
        MonitorSpecParser.storedDeduplicate(
            Json.parse(spec.data(), "monitor " + monitorId + "'s stored spec").node);
    deduplicates.put(monitorId, d);
    return d;
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
