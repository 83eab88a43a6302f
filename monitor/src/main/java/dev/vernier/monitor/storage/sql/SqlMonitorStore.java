package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRepository;
import dev.vernier.monitor.storage.AlertRetraining;
import dev.vernier.monitor.storage.DeadLetter;
import dev.vernier.monitor.storage.DeliveryRepository;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.IngestRepository;
import dev.vernier.monitor.storage.LabelRepository;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorRepository;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.RetrainState;
import dev.vernier.monitor.storage.SourcePartition;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.WindowRepository;
import dev.vernier.monitor.storage.WindowWrite;
import dev.vernier.monitor.window.PartitionMark;
import dev.vernier.monitor.window.WindowData;
import dev.vernier.monitor.window.Windowing;
import dev.vernier.platform.db.Migrations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * {@link MonitorStore} on SQLite or PostgreSQL through jOOQ classes generated from the migrations
 * in {@code db/monitor}, which are applied on open (history table {@code flyway_monitor_history}).
 * Each repository is its own class ({@code Sql*Repository}, sharing {@link MonitorSql}); this one
 * opens the database and hands each call to its repository. The repositories alone are available
 * too ({@link #monitorRepository()} ...), for code and tests that need one part.
 */
public final class SqlMonitorStore implements MonitorStore {
  private final MonitorRepository monitors;
  private final IngestRepository ingest;
  private final WindowRepository windows;
  private final LabelRepository labels;
  private final AlertRepository alerts;
  private final DeliveryRepository deliveries;

  public SqlMonitorStore(DataSource ds, SQLDialect dialect) {
    Migrations.run(ds, dialect, "classpath:db/monitor", "flyway_monitor_history");
    DSLContext dsl =
        DSL.using(
            ds,
            dialect,
            new org.jooq.conf.Settings()
                .withExecuteLogging(false)
                .withRenderCatalog(false)
                .withRenderSchema(false)
                .withDiagnosticsLogging(false));
    MonitorSql sql = new MonitorSql(dsl, dialect);
    this.monitors = new SqlMonitorRepository(sql);
    this.ingest = new SqlIngestRepository(sql);
    this.windows = new SqlWindowRepository(sql);
    this.labels = new SqlLabelRepository(sql);
    this.alerts = new SqlAlertRepository(sql);
    this.deliveries = new SqlDeliveryRepository(sql);
  }

  public MonitorRepository monitorRepository() {
    return monitors;
  }

  public IngestRepository ingestRepository() {
    return ingest;
  }

  public WindowRepository windowRepository() {
    return windows;
  }

  public LabelRepository labelRepository() {
    return labels;
  }

  public AlertRepository alertRepository() {
    return alerts;
  }

  public DeliveryRepository deliveryRepository() {
    return deliveries;
  }

  // MonitorRepository

  @Override
  public void create(MonitorRecord m, String datasetSha256, String baselineJson) {
    monitors.create(m, datasetSha256, baselineJson);
  }

  @Override
  public Optional<MonitorRecord> monitor(String id) {
    return monitors.monitor(id);
  }

  @Override
  public List<MonitorRecord> monitors() {
    return monitors.monitors();
  }

  @Override
  public boolean delete(String id) {
    return monitors.delete(id);
  }

  @Override
  public Optional<String> baseline(String monitorId) {
    return monitors.baseline(monitorId);
  }

  @Override
  public void setHealth(String monitorId, String reason, long now) {
    monitors.setHealth(monitorId, reason, now);
  }

  @Override
  public Map<String, Long> counters(String monitorId) {
    return monitors.counters(monitorId);
  }

  // IngestRepository

  @Override
  public List<IngestBatch.Position> positions(String monitorId) {
    return ingest.positions(monitorId);
  }

  @Override
  public void registerPartitions(String monitorId, String topic, List<Integer> partitions) {
    ingest.registerPartitions(monitorId, topic, partitions);
  }

  @Override
  public void markIdle(String monitorId, String topic, int partition) {
    ingest.markIdle(monitorId, topic, partition);
  }

  @Override
  public List<PartitionMark> partitionMarks(String monitorId, String topic) {
    return ingest.partitionMarks(monitorId, topic);
  }

  @Override
  public IngestBatch.Result ingest(
      String monitorId, Windowing windowing, int cols, Duration labelHorizon, IngestBatch batch) {
    return ingest.ingest(monitorId, windowing, cols, labelHorizon, batch);
  }

  @Override
  public List<DeadLetter> pendingDeadLetters(String monitorId, int limit) {
    return ingest.pendingDeadLetters(monitorId, limit);
  }

  @Override
  public List<DeadLetter> pendingDeadLetters(
      String monitorId, Set<SourcePartition> partitions, int limit) {
    return ingest.pendingDeadLetters(monitorId, partitions, limit);
  }

  @Override
  public List<Long> deadLettersAttempted(
      String monitorId, List<Long> ids, long partitionEndOffset) {
    return ingest.deadLettersAttempted(monitorId, ids, partitionEndOffset);
  }

  @Override
  public void deadLettersPublished(String monitorId, List<Long> ids) {
    ingest.deadLettersPublished(monitorId, ids);
  }

  // WindowRepository

  @Override
  public List<WindowRecord> openWindows(String monitorId) {
    return windows.openWindows(monitorId);
  }

  @Override
  public WindowData windowData(String monitorId, long start, int cols) {
    return windows.windowData(monitorId, start, cols);
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
    return windows.closeWindow(
        monitorId, window, expectedEvents, labelsEvaluated, resultJson, histograms, raised);
  }

  @Override
  public boolean failWindow(
      String monitorId, WindowRecord window, long expectedEvents, String errorJson, long now) {
    return windows.failWindow(monitorId, window, expectedEvents, errorJson, now);
  }

  @Override
  public List<WindowRecord> windows(String monitorId, int limit) {
    return windows.windows(monitorId, limit);
  }

  @Override
  public List<WindowRecord> windows(String monitorId, int limit, long from) {
    return windows.windows(monitorId, limit, from);
  }

  @Override
  public List<WindowRecord> closedWindowsUpTo(String monitorId, long start, int limit) {
    return windows.closedWindowsUpTo(monitorId, start, limit);
  }

  @Override
  public List<WindowCounts> windowHistograms(String monitorId, int limit) {
    return windows.windowHistograms(monitorId, limit);
  }

  // LabelRepository

  @Override
  public float[] windowLabels(String monitorId, long start) {
    return labels.windowLabels(monitorId, start);
  }

  @Override
  public Captured captured(String monitorId, int cols, long fromWindow) {
    return labels.captured(monitorId, cols, fromWindow);
  }

  @Override
  public long capturedRows(String monitorId, long fromWindow) {
    return labels.capturedRows(monitorId, fromWindow);
  }

  @Override
  public long awaitingLabels(String monitorId, List<Long> windowStarts) {
    return labels.awaitingLabels(monitorId, windowStarts);
  }

  @Override
  public long waitingLabels(String monitorId) {
    return labels.waitingLabels(monitorId);
  }

  @Override
  public int expireWaitingLabels(String monitorId, long receivedBefore) {
    return labels.expireWaitingLabels(monitorId, receivedBefore);
  }

  @Override
  public List<Relabelled> relabelled(String monitorId) {
    return labels.relabelled(monitorId);
  }

  @Override
  public WindowWrite reevaluate(
      String monitorId,
      long windowStart,
      long expectedLabels,
      long labelsEvaluated,
      String resultJson,
      RaisedAlerts raised) {
    return labels.reevaluate(
        monitorId, windowStart, expectedLabels, labelsEvaluated, resultJson, raised);
  }

  // AlertRepository

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
    return alerts.setRetraining(alertId, expected, next);
  }

  @Override
  public boolean abandonRetraining(long alertId, RetrainState expected, AlertRetraining next) {
    return alerts.abandonRetraining(alertId, expected, next);
  }

  // DeliveryRepository

  @Override
  public List<Webhook> webhooks() {
    return deliveries.webhooks();
  }

  @Override
  public Webhook addWebhook(Webhook w) {
    return deliveries.addWebhook(w);
  }

  @Override
  public boolean removeWebhook(String url) {
    return deliveries.removeWebhook(url);
  }

  @Override
  public void recordDelivery(
      long alertId, String target, DeliveryStatus status, int attempts, String error, long now) {
    deliveries.recordDelivery(alertId, target, status, attempts, error, now);
  }

  @Override
  public boolean claimAttempt(
      long alertId,
      String target,
      int seenAttempts,
      long now,
      long dueBefore,
      long inFlightBefore) {
    return deliveries.claimAttempt(alertId, target, seenAttempts, now, dueBefore, inFlightBefore);
  }

  @Override
  public List<Delivery> pendingDeliveries() {
    return deliveries.pendingDeliveries();
  }

  @Override
  public List<DeliveryRecord> deliveries(List<Long> alertIds) {
    return deliveries.deliveries(alertIds);
  }
}
