package dev.vernier.monitor.storage;

import dev.vernier.monitor.window.WindowData;
import dev.vernier.monitor.window.Windowing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monitor's tables. Every method is one transaction and safe to call from several threads and
 * several processes sharing the database. The exactly-once contract lives in {@link #ingest} and
 * {@link #closeWindow}: a batch's window rows, counters and source positions commit together, and a
 * window's result, its alerts and the removal of its rows commit together.
 */
public interface MonitorStore {
  void create(MonitorRecord monitor, String datasetSha256, String baselineJson);

  Optional<MonitorRecord> monitor(String id);

  List<MonitorRecord> monitors();

  /** Deletes a monitor and everything it owns; false when it did not exist. */
  boolean delete(String id);

  Optional<String> baseline(String monitorId);

  /** The stored source positions of a monitor (where its consumer resumes). */
  List<IngestBatch.Position> positions(String monitorId);

  /**
   * Records the partitions of the events topic assigned to a consumer, so that the watermark waits
   * for each of them (a partition already known keeps its position).
   */
  void registerPartitions(String monitorId, String topic, List<Integer> partitions);

  /** Marks a partition idle: caught up without ever delivering an event. */
  void markIdle(String monitorId, String topic, int partition);

  /**
   * Applies one batch: window rows, label joins, counters and positions, atomically. When the batch
   * keeps predictions for labels, a prediction still waiting whose event time is more than {@code
   * labelHorizon} before the newest event time in the batch expires (counted as {@code
   * labels_expired}); a label arriving for it later counts as unmatched.
   */
  IngestBatch.Result ingest(
      String monitorId, Windowing windowing, int cols, Duration labelHorizon, IngestBatch batch);

  /**
   * The open windows, oldest first. Which of them may close is {@link Windowing#closable}'s rule,
   * applied by the caller with the {@link dev.vernier.monitor.window.Watermark} of {@link
   * #partitionMarks}.
   */
  List<WindowRecord> openWindows(String monitorId);

  /** What the watermark knows of each registered partition of {@code topic}, by partition. */
  List<dev.vernier.monitor.window.PartitionMark> partitionMarks(String monitorId, String topic);

  /** The rows of an open window. */
  WindowData windowData(String monitorId, long start, int cols);

  /**
   * The rows captured (features of labelled events with their label) in windows starting at or
   * after {@code fromWindow}, in capture order.
   */
  Captured captured(String monitorId, int cols, long fromWindow);

  /**
   * Captured rows: {@code features} (rows x cols) and their {@code labels}, and the windows they
   * came from (starts, ascending).
   */
  record Captured(float[] features, float[] labels, List<Long> windows) {
    public Captured {
      windows = List.copyOf(windows);
    }

    public int rows() {
      return labels.length;
    }
  }

  /** How many rows were captured in windows starting at or after {@code fromWindow}. */
  long capturedRows(String monitorId, long fromWindow);

  /**
   * How many predictions of the given windows still wait for their label (neither joined nor
   * expired past the label horizon).
   */
  long awaitingLabels(String monitorId, List<Long> windowStarts);

  /** The joined (prediction, label) pairs of a window, interleaved. */
  float[] windowLabels(String monitorId, long start);

  /**
   * Closes a window if it still holds {@code expectedEvents} events (else false: events arrived
   * meanwhile, evaluate again): stores the result (computed with {@code labelsEvaluated} joined
   * labels), inserts the raised alerts, deletes the window's rows, and advances the closed-through
   * mark. A {@code wantsRetraining} alert gets retrain state PENDING when the monitor's last
   * retraining is older than the alerts' cool-down (claiming it in the same transaction), COOLDOWN
   * otherwise, with the end of the cool-down and the alert that claimed it. Each alert gets a
   * PENDING delivery per target (alerts topic, webhook URLs) in the same transaction. {@code
   * histograms} (the window's counts over the baseline's bins, {@code WindowHistograms}' encoding;
   * may be null) is stored with the result.
   *
   * @return STORED with the ids of the inserted alerts, or CHANGED when the window changed
   */
  WindowWrite closeWindow(
      String monitorId,
      WindowRecord window,
      long expectedEvents,
      long labelsEvaluated,
      String resultJson,
      byte[] histograms,
      RaisedAlerts raised);

  /**
   * Marks an open window FAILED, if it still holds {@code expectedEvents} events (else false):
   * stores {@code errorJson} (why its evaluation failed) as its result, deletes its rows, advances
   * the closed-through mark (its late events count as late) and counts {@code windows_failed}. A
   * failed window raises no alert and is skipped by the alert rule; the monitor goes on with the
   * next window.
   */
  boolean failWindow(
      String monitorId, WindowRecord window, long expectedEvents, String errorJson, long now);

  /**
   * A closed window whose joined labels ({@code joined}) outnumber those its model quality was
   * computed from ({@code evaluated}): labels that arrived after it closed, within the horizon.
   */
  record Relabelled(long windowStart, long evaluated, long joined) {}

  /** The closed windows with labels joined since their model quality was computed, oldest first. */
  List<Relabelled> relabelled(String monitorId);

  /**
   * Stores a closed window's result evaluated again with {@code labelsEvaluated} labels, if its
   * model quality was still computed from {@code expectedLabels} (else CHANGED: another pass did
   * it), and inserts the alerts that re-evaluation raised, as {@link #closeWindow} does.
   *
   * @return STORED with the ids of the inserted alerts, or CHANGED when the window changed
   */
  WindowWrite reevaluate(
      String monitorId,
      long windowStart,
      long expectedLabels,
      long labelsEvaluated,
      String resultJson,
      RaisedAlerts raised);

  /** The most recent windows, newest first. */
  List<WindowRecord> windows(String monitorId, int limit);

  /**
   * The closed windows starting at or before {@code start}, newest first, at most {@code limit}.
   */
  List<WindowRecord> closedWindowsUpTo(String monitorId, long start, int limit);

  /**
   * The closed windows' stored histograms (see {@link #closeWindow}), newest first, at most {@code
   * limit}; {@code histograms} is null for a window closed before they were kept.
   */
  List<WindowCounts> windowHistograms(String monitorId, int limit);

  /** A closed window's bounds and its encoded counts over the baseline's bins (or null). */
  record WindowCounts(long start, long end, byte[] histograms) {}

  Map<String, Long> counters(String monitorId);

  List<AlertRecord> alerts(String monitorId, int limit);

  Optional<AlertRecord> alert(long id);

  /** Alerts whose retraining is {@link RetrainState#active}, oldest first. */
  List<AlertRecord> activeRetraining();

  /**
   * Stores an alert's retraining (state, job, error, windows, rows, wait, detail; the cool-down
   * fields are kept) if it is still in state {@code expected}: false when another process moved it
   * meanwhile.
   */
  boolean setRetraining(long alertId, RetrainState expected, AlertRetraining next);

  /** The dead letters recorded and not yet published, oldest first, at most {@code limit}. */
  List<DeadLetter> pendingDeadLetters(String monitorId, int limit);

  /**
   * Notes, on the dead letters among {@code ids} never attempted, the dead-letter partition's end
   * offset before this first attempt to publish them.
   */
  void deadLettersAttempted(String monitorId, List<Long> ids, long partitionEndOffset);

  /** Deletes published dead letters from the outbox. */
  void deadLettersPublished(String monitorId, List<Long> ids);

  /**
   * Sets a monitor's health: {@code reason} null makes it ACTIVE again; otherwise it is DEGRADED
   * with that reason, since {@code now} (kept from the first failure while it stays degraded).
   */
  void setHealth(String monitorId, String reason, long now);

  /** The webhooks an administrator registered, oldest first. */
  List<Webhook> webhooks();

  /**
   * Registers a webhook; registering a URL again replaces its secret and allowPrivate and keeps its
   * id. Returns the webhook as stored.
   */
  Webhook addWebhook(Webhook w);

  boolean removeWebhook(String url);

  /** Records a delivery attempt of an alert to a target (topic or URL). */
  void recordDelivery(
      long alertId, String target, DeliveryStatus status, int attempts, String error, long now);

  /** Deliveries not yet DELIVERED or FAILED for good: (alert id, target, attempts). */
  List<Delivery> pendingDeliveries();

  /** A delivery's state. */
  record Delivery(long alertId, String target, DeliveryStatus status, int attempts) {}

  /**
   * Every delivery of the given alerts, whatever its state (PENDING, DELIVERED, FAILED), with its
   * last error and when it was last updated; ordered by alert, then target.
   */
  List<DeliveryRecord> deliveries(List<Long> alertIds);

  /**
   * A delivery as stored: its target (topic or URL), status, attempts so far, the last attempt's
   * error (null when none) and when the row last changed (epoch ms; the delivery time once
   * DELIVERED).
   */
  record DeliveryRecord(
      long alertId,
      String target,
      DeliveryStatus status,
      int attempts,
      String lastError,
      long updatedAt) {}
}
