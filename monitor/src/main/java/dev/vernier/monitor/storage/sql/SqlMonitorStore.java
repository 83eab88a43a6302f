package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.BASELINE;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR_COUNTER;
import static dev.vernier.monitor.storage.generated.Tables.SOURCE_OFFSET;
import static dev.vernier.monitor.storage.generated.Tables.WINDOW_CHUNK;

import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRetraining;
import dev.vernier.monitor.storage.DeadLetter;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.RetrainState;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.generated.tables.records.MonitorRow;
import dev.vernier.monitor.window.ChunkBuilder;
import dev.vernier.monitor.window.WindowData;
import dev.vernier.monitor.window.Windowing;
import dev.vernier.platform.db.Migrations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TransactionalCallable;
import org.jooq.TransactionalRunnable;
import org.jooq.impl.DSL;

/**
 * {@link MonitorStore} on SQLite or PostgreSQL through jOOQ classes generated from the migrations
 * in {@code db/monitor}, which are applied on open (history table {@code flyway_monitor_history}).
 */
public final class SqlMonitorStore implements MonitorStore {
  private final DSLContext dsl;
  private final BatchSql batchSql;
  private final WindowSql windowSql;
  private final LabelJoin labels;
  private final AlertTables alerts;
  // SQLite has one writer at a time; a second writer waits in SQLite's busy handler, which sleeps
  // 1, 2, 5, 10... ms between tries. Queued here instead, it starts as soon as the first commits.
  // Null on PostgreSQL, whose writers run side by side.
  private final ReentrantLock writer;

  public SqlMonitorStore(DataSource ds, SQLDialect dialect) {
    Migrations.run(ds, dialect, "classpath:db/monitor", "flyway_monitor_history");
    this.dsl =
        DSL.using(
            ds,
            dialect,
            new org.jooq.conf.Settings()
                .withExecuteLogging(false)
                .withRenderCatalog(false)
                .withRenderSchema(false)
                .withDiagnosticsLogging(false));
    this.writer = dialect == SQLDialect.POSTGRES ? null : new ReentrantLock();
    this.batchSql = new BatchSql(dsl);
    this.windowSql = new WindowSql(dsl);
    this.labels = new LabelJoin(batchSql);
    this.alerts = new AlertTables(dsl);
  }

  /** A write transaction, one at a time on SQLite (see {@link #writer}). */
  private <T> T write(TransactionalCallable<T> body) {
    if (writer == null) {
      return dsl.transactionResult(body);
    }
    writer.lock();
    try {
      return dsl.transactionResult(body);
    } finally {
      writer.unlock();
    }
  }

  private void writeRun(TransactionalRunnable body) {
    write(
        c -> {
          body.run(c);
          return null;
        });
  }

  @Override
  public void create(MonitorRecord m, String datasetSha256, String baselineJson) {
    writeRun(
        c -> {
          DSLContext tx = c.dsl();
          tx.insertInto(MONITOR)
              .set(MONITOR.ID, m.id())
              .set(MONITOR.NAME, m.name())
              .set(MONITOR.SPEC, org.jooq.JSON.valueOf(m.specJson()))
              .set(MONITOR.STATE, m.state())
              .set(MONITOR.CREATED_AT, m.createdAt())
              .execute();
          tx.insertInto(BASELINE)
              .set(BASELINE.MONITOR_ID, m.id())
              .set(BASELINE.DATASET_SHA256, datasetSha256)
              .set(BASELINE.BODY, baselineJson)
              .set(BASELINE.CREATED_AT, m.createdAt())
              .execute();
        });
  }

  @Override
  public Optional<MonitorRecord> monitor(String id) {
    return dsl.selectFrom(MONITOR).where(MONITOR.ID.eq(id)).fetchOptional().map(this::record);
  }

  @Override
  public List<MonitorRecord> monitors() {
    return dsl.selectFrom(MONITOR).orderBy(MONITOR.CREATED_AT).fetch(this::record);
  }

  private MonitorRecord record(MonitorRow r) {
    return new MonitorRecord(
        r.getId(),
        r.getName(),
        r.getSpec().data(),
        r.getState(),
        r.getCreatedAt(),
        r.getLastRetrainAt(),
        r.getStateReason(),
        r.getStateSince());
  }

  @Override
  public boolean delete(String id) {
    return write(
        c -> {
          DSLContext tx = c.dsl();
          tx.deleteFrom(WINDOW_CHUNK).where(WINDOW_CHUNK.MONITOR_ID.eq(id)).execute();
          labels.deleteAll(tx, id);
          return tx.deleteFrom(MONITOR).where(MONITOR.ID.eq(id)).execute() == 1;
        });
  }

  @Override
  public Optional<String> baseline(String monitorId) {
    return dsl.select(BASELINE.BODY)
        .from(BASELINE)
        .where(BASELINE.MONITOR_ID.eq(monitorId))
        .fetchOptional(BASELINE.BODY);
  }

  @Override
  public List<IngestBatch.Position> positions(String monitorId) {
    return dsl.selectFrom(SOURCE_OFFSET)
        .where(SOURCE_OFFSET.MONITOR_ID.eq(monitorId))
        .fetch(
            r ->
                new IngestBatch.Position(
                    r.getTopic(), r.getPart(), r.getNextOffset(), r.getMaxEventTime()));
  }

  @Override
  public IngestBatch.Result ingest(
      String monitorId, Windowing windowing, int cols, Duration labelHorizon, IngestBatch batch) {
    return write(
        c -> {
          IngestBatch.Result r =
              WindowRows.ingest(
                  c.dsl(), batchSql, labels, monitorId, windowing, cols, labelHorizon, batch);
          if (!r.replayed()) {
            DeadLetterTable.insert(c.dsl(), monitorId, batch.deadLetters());
          }
          return r;
        });
  }

  @Override
  public List<DeadLetter> pendingDeadLetters(String monitorId, int limit) {
    return DeadLetterTable.pending(dsl, monitorId, limit);
  }

  @Override
  public void deadLettersAttempted(String monitorId, List<Long> ids, long partitionEndOffset) {
    writeRun(c -> DeadLetterTable.attempted(c.dsl(), monitorId, ids, partitionEndOffset));
  }

  @Override
  public void deadLettersPublished(String monitorId, List<Long> ids) {
    writeRun(c -> DeadLetterTable.published(c.dsl(), monitorId, ids));
  }

  @Override
  public void setHealth(String monitorId, String reason, long now) {
    writeRun(
        c ->
            c.dsl()
                .update(MONITOR)
                .set(MONITOR.STATE, reason == null ? "ACTIVE" : "DEGRADED")
                .set(MONITOR.STATE_REASON, reason)
                .set(
                    MONITOR.STATE_SINCE,
                    reason == null
                        ? DSL.castNull(MONITOR.STATE_SINCE)
                        : DSL.coalesce(MONITOR.STATE_SINCE, DSL.val(now)))
                .where(MONITOR.ID.eq(monitorId))
                .execute());
  }

  @Override
  public void registerPartitions(String monitorId, String topic, List<Integer> partitions) {
    writeRun(c -> WindowRows.registerPartitions(c.dsl(), monitorId, topic, partitions));
  }

  @Override
  public void markIdle(String monitorId, String topic, int partition) {
    WindowRows.markIdle(dsl, monitorId, topic, partition);
  }

  @Override
  public List<WindowRecord> closableWindows(
      String monitorId, String eventsTopic, Windowing windowing) {
    long watermark =
        windowing.byTime() ? WindowRows.watermark(dsl, monitorId, eventsTopic) : Long.MIN_VALUE;
    List<WindowRecord> out = new ArrayList<>();
    for (WindowRecord w :
        windowSql.openWindows.list(dsl, WindowSql::window, "monitor", monitorId)) {
      if (windowing.closable(w.end(), w.events(), watermark)) {
        out.add(w);
      }
    }
    return out;
  }

  @Override
  public WindowData windowData(String monitorId, long start, int cols) {
    List<ChunkBuilder.Chunk> chunks =
        windowSql.chunks.list(dsl, WindowSql::chunk, "monitor", monitorId, "start", start);
    return ChunkBuilder.decode(cols, chunks);
  }

  @Override
  public float[] windowLabels(String monitorId, long start) {
    return LabelJoin.pairs(dsl, windowSql, monitorId, start);
  }

  @Override
  public Captured captured(String monitorId, int cols, long fromWindow) {
    return LabelJoin.captured(dsl, monitorId, cols, fromWindow);
  }

  @Override
  public long capturedRows(String monitorId, long fromWindow) {
    return LabelJoin.capturedRows(dsl, monitorId, fromWindow);
  }

  @Override
  public long awaitingLabels(String monitorId, List<Long> windowStarts) {
    return LabelJoin.awaiting(dsl, monitorId, windowStarts);
  }

  @Override
  public List<Long> closeWindow(
      String monitorId,
      WindowRecord window,
      long expectedEvents,
      long labelsEvaluated,
      String resultJson,
      byte[] histograms,
      RaisedAlerts raised) {
    return write(
        c -> {
          DSLContext tx = c.dsl();
          int closed =
              closeAs(
                  tx,
                  "CLOSED",
                  monitorId,
                  window,
                  expectedEvents,
                  raised.now(),
                  resultJson,
                  labelsEvaluated,
                  histograms);
          if (closed == 0) {
            return null;
          }
          windowSql.deleteChunks.update(tx, "monitor", monitorId, "start", window.start());
          windowSql.closedThrough.update(tx, "monitor", monitorId, "end", window.end());
          List<Long> ids = AlertTables.insert(tx, monitorId, window.start(), raised);
          WindowRows.addCounters(
              tx,
              batchSql,
              monitorId,
              Map.of("windows_closed", 1L, "alerts_raised", (long) raised.alerts().size()));
          return ids;
        });
  }

  /**
   * Ends an open window still holding {@code events} events in {@code state} (CLOSED or FAILED)
   * with its result; 0 when it changed meanwhile.
   */
  private int closeAs(
      DSLContext tx,
      String state,
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
        state,
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
    return write(
        c -> {
          DSLContext tx = c.dsl();
          int failed =
              closeAs(tx, "FAILED", monitorId, window, expectedEvents, now, errorJson, 0L, null);
          if (failed == 0) {
            return false;
          }
          windowSql.deleteChunks.update(tx, "monitor", monitorId, "start", window.start());
          windowSql.closedThrough.update(tx, "monitor", monitorId, "end", window.end());
          WindowRows.addCounters(tx, batchSql, monitorId, Map.of("windows_failed", 1L));
          return true;
        });
  }

  @Override
  public List<Relabelled> relabelled(String monitorId) {
    return labels.relabelled(dsl, monitorId);
  }

  @Override
  public List<Long> reevaluate(
      String monitorId,
      long windowStart,
      long expectedLabels,
      long labelsEvaluated,
      String resultJson,
      RaisedAlerts raised) {
    return write(
        c ->
            labels.reevaluate(
                c.dsl(),
                monitorId,
                windowStart,
                expectedLabels,
                labelsEvaluated,
                resultJson,
                raised));
  }

  @Override
  public List<WindowRecord> closedWindowsUpTo(String monitorId, long start, int limit) {
    return windowSql.closedUpTo.list(
        dsl, WindowSql::window, "monitor", monitorId, "start", start, "limit", limit);
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
  public List<WindowCounts> windowHistograms(String monitorId, int limit) {
    return WindowSql.histograms(dsl, monitorId, limit);
  }

  @Override
  public Map<String, Long> counters(String monitorId) {
    Map<String, Long> out = new TreeMap<>();
    dsl.selectFrom(MONITOR_COUNTER)
        .where(MONITOR_COUNTER.MONITOR_ID.eq(monitorId))
        .forEach(r -> out.put(r.getName(), r.getValue()));
    return out;
  }

  @Override
  public List<AlertRecord> alerts(String monitorId, int limit) {
    return alerts.alerts(monitorId, limit);
  }

  @Override
  public Optional<AlertRecord> alert(long id) {
    return alerts.alert(id);
  }

  @Override
  public List<AlertRecord> activeRetraining() {
    return alerts.activeRetraining();
  }

  @Override
  public boolean setRetraining(long alertId, RetrainState expected, AlertRetraining next) {
    return write(c -> new AlertTables(c.dsl()).setRetraining(alertId, expected, next));
  }

  @Override
  public List<dev.vernier.monitor.storage.Webhook> webhooks() {
    return alerts.webhooks();
  }

  @Override
  public dev.vernier.monitor.storage.Webhook addWebhook(dev.vernier.monitor.storage.Webhook w) {
    return alerts.addWebhook(w);
  }

  @Override
  public boolean removeWebhook(String url) {
    return alerts.removeWebhook(url);
  }

  @Override
  public void recordDelivery(
      long alertId, String target, String status, int attempts, String error, long now) {
    alerts.recordDelivery(alertId, target, status, attempts, error, now);
  }

  @Override
  public List<Delivery> pendingDeliveries() {
    return alerts.pendingDeliveries();
  }

  @Override
  public List<DeliveryRecord> deliveries(List<Long> alertIds) {
    return alerts.deliveries(alertIds);
  }
}
