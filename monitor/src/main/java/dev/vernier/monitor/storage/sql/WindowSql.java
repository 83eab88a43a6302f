package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.MONITOR;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR_WINDOW;
import static dev.vernier.monitor.storage.generated.Tables.WINDOW_CHUNK;
import static dev.vernier.monitor.storage.generated.Tables.WINDOW_LABELS;

import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.WindowRepository;
import dev.vernier.monitor.window.ChunkBuilder;
import dev.vernier.monitor.window.WindowState;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.impl.DSL;

/**
 * The statements of every closing pass and every closed window, rendered once for the store's
 * dialect (see {@link RenderedSql}). Parameter names: monitor, start, end, limit, now, result,
 * labels, events, histograms.
 */
final class WindowSql {
  final RenderedSql openWindows;
  final RenderedSql recentWindows;
  final RenderedSql recentWindowsFrom;
  final RenderedSql closedUpTo;
  final RenderedSql chunks;
  final RenderedSql close;
  final RenderedSql deleteChunks;
  final RenderedSql closedThrough;
  final RenderedSql labelPairs;

  WindowSql(DSLContext dsl) {
    Param<String> monitor = DSL.param("monitor", String.class);
    Param<Long> start = DSL.param("start", Long.class);
    openWindows =
        RenderedSql.of(
            dsl,
            windowColumns(dsl)
                .from(MONITOR_WINDOW)
                .where(
                    MONITOR_WINDOW.MONITOR_ID.eq(monitor),
                    MONITOR_WINDOW.STATE.eq(DSL.inline(WindowState.OPEN.name())))
                .orderBy(MONITOR_WINDOW.WINDOW_START));
    recentWindows =
        RenderedSql.of(
            dsl,
            windowColumns(dsl)
                .from(MONITOR_WINDOW)
                .where(MONITOR_WINDOW.MONITOR_ID.eq(monitor))
                .orderBy(MONITOR_WINDOW.WINDOW_START.desc())
                .limit(DSL.param("limit", Integer.class)));
    recentWindowsFrom =
        RenderedSql.of(
            dsl,
            windowColumns(dsl)
                .from(MONITOR_WINDOW)
                .where(
                    MONITOR_WINDOW.MONITOR_ID.eq(monitor),
                    MONITOR_WINDOW.WINDOW_START.ge(DSL.param("from", Long.class)))
                .orderBy(MONITOR_WINDOW.WINDOW_START.desc())
                .limit(DSL.param("limit", Integer.class)));
    closedUpTo =
        RenderedSql.of(
            dsl,
            windowColumns(dsl)
                .from(MONITOR_WINDOW)
                .where(
                    MONITOR_WINDOW.MONITOR_ID.eq(monitor),
                    MONITOR_WINDOW.STATE.eq(DSL.inline(WindowState.CLOSED.name())),
                    MONITOR_WINDOW.WINDOW_START.le(start))
                .orderBy(MONITOR_WINDOW.WINDOW_START.desc())
                .limit(DSL.param("limit", Integer.class)));
    chunks =
        RenderedSql.of(
            dsl,
            dsl.select(
                    WINDOW_CHUNK.ROWS_COUNT,
                    WINDOW_CHUNK.FEATURES,
                    WINDOW_CHUNK.PREDICTIONS,
                    WINDOW_CHUNK.MISMATCHES)
                .from(WINDOW_CHUNK)
                .where(WINDOW_CHUNK.MONITOR_ID.eq(monitor), WINDOW_CHUNK.WINDOW_START.eq(start))
                .orderBy(WINDOW_CHUNK.ID));
    close =
        RenderedSql.of(
            dsl,
            dsl.update(MONITOR_WINDOW)
                .set(MONITOR_WINDOW.STATE, DSL.param("state", String.class))
                .set(MONITOR_WINDOW.CLOSED_AT, DSL.param("now", Long.class))
                .set(MONITOR_WINDOW.RESULT, DSL.param("result", String.class))
                .set(MONITOR_WINDOW.LABELS_EVALUATED, DSL.param("labels", Long.class))
                .set(MONITOR_WINDOW.HISTOGRAMS, DSL.param("histograms", byte[].class))
                .where(
                    MONITOR_WINDOW.MONITOR_ID.eq(monitor),
                    MONITOR_WINDOW.WINDOW_START.eq(start),
                    MONITOR_WINDOW.STATE.eq(DSL.inline(WindowState.OPEN.name())),
                    MONITOR_WINDOW.EVENTS.eq(DSL.param("events", Long.class))));
    deleteChunks =
        RenderedSql.of(
            dsl,
            dsl.deleteFrom(WINDOW_CHUNK)
                .where(WINDOW_CHUNK.MONITOR_ID.eq(monitor), WINDOW_CHUNK.WINDOW_START.eq(start)));
    closedThrough =
        RenderedSql.of(
            dsl,
            dsl.update(MONITOR)
                .set(
                    MONITOR.CLOSED_THROUGH,
                    DSL.greatest(MONITOR.CLOSED_THROUGH, DSL.param("end", Long.class)))
                .where(MONITOR.ID.eq(monitor)));
    labelPairs =
        RenderedSql.of(
            dsl,
            dsl.select(WINDOW_LABELS.STATE)
                .from(WINDOW_LABELS)
                .where(WINDOW_LABELS.MONITOR_ID.eq(monitor), WINDOW_LABELS.WINDOW_START.eq(start)));
  }

  /** A new select of the columns {@link #window} reads (jOOQ's queries are mutable: one each). */
  private static org.jooq.SelectSelectStep<?> windowColumns(DSLContext dsl) {
    return dsl.select(
        MONITOR_WINDOW.WINDOW_START,
        MONITOR_WINDOW.WINDOW_END,
        MONITOR_WINDOW.STATE,
        MONITOR_WINDOW.EVENTS,
        MONITOR_WINDOW.CLOSED_AT,
        MONITOR_WINDOW.RESULT);
  }

  /** A row of {@link #openWindows}, {@link #recentWindows} or {@link #closedUpTo}. */
  static WindowRecord window(ResultSet rs) throws SQLException {
    long closedAt = rs.getLong(5);
    Long closed = rs.wasNull() ? null : closedAt;
    return new WindowRecord(
        rs.getLong(1),
        rs.getLong(2),
        WindowState.valueOf(rs.getString(3)),
        rs.getLong(4),
        closed,
        rs.getString(6));
  }

  /**
   * The closed windows' stored histograms, newest first (see WindowRepository#windowHistograms).
   */
  static java.util.List<WindowRepository.WindowCounts> histograms(
      DSLContext dsl, String monitorId, int limit) {
    return dsl.select(
            MONITOR_WINDOW.WINDOW_START, MONITOR_WINDOW.WINDOW_END, MONITOR_WINDOW.HISTOGRAMS)
        .from(MONITOR_WINDOW)
        .where(
            MONITOR_WINDOW.MONITOR_ID.eq(monitorId),
            MONITOR_WINDOW.STATE.eq(DSL.inline(WindowState.CLOSED.name())))
        .orderBy(MONITOR_WINDOW.WINDOW_START.desc())
        .limit(limit)
        .fetch(r -> new WindowRepository.WindowCounts(r.value1(), r.value2(), r.value3()));
  }

  /** A row of {@link #chunks}. */
  static ChunkBuilder.Chunk chunk(ResultSet rs) throws SQLException {
    return new ChunkBuilder.Chunk(rs.getInt(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4));
  }
}
