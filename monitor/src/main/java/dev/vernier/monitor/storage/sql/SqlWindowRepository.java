package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.WindowRepository;
import dev.vernier.monitor.storage.WindowWrite;
import dev.vernier.monitor.window.ChunkBuilder;
import dev.vernier.monitor.window.WindowData;
import dev.vernier.monitor.window.WindowState;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** {@link WindowRepository} in SQL. */
final class SqlWindowRepository implements WindowRepository {
  private final MonitorSql sql;
  private final DSLContext dsl;
  private final WindowSql windowSql;

  SqlWindowRepository(MonitorSql sql) {
    this.sql = sql;
    this.dsl = sql.dsl;
    this.windowSql = sql.windowSql;
  }

  @Override
  public List<WindowRecord> openWindows(String monitorId) {
    return windowSql.openWindows.list(dsl, WindowSql::window, "monitor", monitorId);
  }

  @Override
  public WindowData windowData(String monitorId, long start, int cols) {
    List<ChunkBuilder.Chunk> chunks =
        windowSql.chunks.list(dsl, WindowSql::chunk, "monitor", monitorId, "start", start);
    return ChunkBuilder.decode(cols, chunks);
  }

  @Override
  public WindowWrite closeWindow(
      String monitorId,
      WindowRecord window,
      long expectedEvents,
      long labelsEvaluated,
      String resultJson,
      byte[] histograms,
      RaisedAlerts raised) {
    return sql.write(
        c -> {
          DSLContext tx = c.dsl();
          sql.lockMonitor(tx, monitorId);
          int closed =
              closeAs(
                  tx,
                  WindowState.CLOSED,
                  monitorId,
                  window,
                  expectedEvents,
                  raised.now(),
                  resultJson,
                  labelsEvaluated,
                  histograms);
          if (closed == 0) {
            return WindowWrite.CHANGED;
          }
          windowSql.deleteChunks.update(tx, "monitor", monitorId, "start", window.start());
          windowSql.closedThrough.update(tx, "monitor", monitorId, "end", window.end());
          List<Long> ids = AlertTables.insert(tx, monitorId, window.start(), raised);
          WindowRows.addCounters(
              tx,
              sql.batchSql,
              monitorId,
              Map.of("windows_closed", 1L, "alerts_raised", (long) raised.alerts().size()));
          return WindowWrite.stored(ids);
        });
  }

  /**
   * Ends an open window still holding {@code events} events in {@code state} (CLOSED or FAILED)
   * with its result; 0 when it changed meanwhile.
   */
  private int closeAs(
      DSLContext tx,
      WindowState state,
      String monitorId,
      WindowRecord window,
      long events,
      long now,
      String result,
      long labels,
      byte[] histograms) {
    return windowSql.close.update(
        tx,
        "state",
        state.name(),
        "monitor",
        monitorId,
        "start",
        window.start(),
        "events",
        events,
        "now",
        now,
        "result",
        result,
        "labels",
        labels,
        "histograms",
        histograms);
  }

  @Override
  public boolean failWindow(
      String monitorId, WindowRecord window, long expectedEvents, String errorJson, long now) {
    return sql.write(
        c -> {
          DSLContext tx = c.dsl();
          sql.lockMonitor(tx, monitorId);
          int failed =
              closeAs(
                  tx,
                  WindowState.FAILED,
                  monitorId,
                  window,
                  expectedEvents,
                  now,
                  errorJson,
                  0L,
                  null);
          if (failed == 0) {
            return false;
          }
          windowSql.deleteChunks.update(tx, "monitor", monitorId, "start", window.start());
          windowSql.closedThrough.update(tx, "monitor", monitorId, "end", window.end());
          WindowRows.addCounters(tx, sql.batchSql, monitorId, Map.of("windows_failed", 1L));
          return true;
        });
  }

  @Override
  public List<WindowRecord> windows(String monitorId, int limit) {
    return windowSql.recentWindows.list(
        dsl, WindowSql::window, "monitor", monitorId, "limit", limit);
  }

  @Override
  public List<WindowRecord> windows(String monitorId, int limit, long from) {
    return windowSql.recentWindowsFrom.list(
        dsl, WindowSql::window, "monitor", monitorId, "from", from, "limit", limit);
  }

  @Override
  public List<WindowRecord> closedWindowsUpTo(String monitorId, long start, int limit) {
    return windowSql.closedUpTo.list(
        dsl, WindowSql::window, "monitor", monitorId, "start", start, "limit", limit);
  }

  @Override
  public List<WindowCounts> windowHistograms(String monitorId, int limit) {
    return WindowSql.histograms(dsl, monitorId, limit);
  }
}
