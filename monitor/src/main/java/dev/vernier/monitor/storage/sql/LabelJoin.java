package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.MONITOR_WINDOW;
import static dev.vernier.monitor.storage.generated.Tables.PENDING_LABEL;
import static dev.vernier.monitor.storage.generated.Tables.PENDING_PREDICTION;
import static dev.vernier.monitor.storage.generated.Tables.WINDOW_LABELS;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.label.LabelJoinRules;
import dev.vernier.monitor.label.LabelMatch;
import dev.vernier.monitor.label.PendingPrediction;
import dev.vernier.monitor.storage.LabelRepository;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.WindowWrite;
import dev.vernier.monitor.window.WindowState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Joins ground-truth labels to earlier predictions by inference id, inside the caller's
 * transaction. A prediction waits in {@code pending_prediction}; its label moves the (prediction,
 * label) pair into its window's {@code window_labels} and removes the prediction, so a label
 * delivered twice is counted once (the second finds nothing).
 *
 * <p>A label may arrive before its prediction (events and labels on separate topics, read by
 * separate consumers or replicas). Such a label waits in {@code pending_label}, one row per
 * (monitor, inference id), from when the service received it until the label horizon has passed
 * (the ingest clock: labels carry no time of their own that says when their inference was made);
 * the batch that brings its event joins it as if it had arrived then ({@link #joinWaiting}), and a
 * batch received after its horizon, or the monitor's periodic work then ({@code
 * LabelRepository#expireWaitingLabels}), drops it, counted as unmatched ({@link #expireWaiting}). A
 * second label of an id already waiting is a duplicate (the primary key refuses it: unmatched).
 *
 * <p>Why the two sides cannot miss each other: every ingest transaction of a monitor takes the
 * monitor's row lock first ({@code MonitorSql.lockMonitor} on PostgreSQL; SQLite runs one writer at
 * a time), so the batch holding an event and the batch holding its label, whichever replica or
 * consumer stores them, run one after the other, and the second one (a new statement under READ
 * COMMITTED, after the first committed) sees what the first stored: a label that found no
 * prediction sees it waiting, an event finds the label waiting. That shared lock already orders
 * everything a batch reads and writes (the window cursor, chunks, positions), so the join needs no
 * lock or join row of its own; an upsert on a per-id join row would only be needed if batches of
 * one monitor ran side by side, which they never do.
 *
 * <p>The rows a join keeps for retraining, and what the {@code Retrainer} reads of them, are {@link
 * CapturedRows}'.
 */
final class LabelJoin {
  private static final int CHUNK = 500;

  /** Rows per multi-row insert: 6 bind values each stay under SQLite's 999-variable limit. */
  private static final int INSERT_ROWS = 150;

  private final BatchSql sql;

  LabelJoin(BatchSql sql) {
    this.sql = sql;
  }

  void remember(
      DSLContext tx,
      String monitorId,
      long windowStart,
      List<InferenceEvent> events,
      boolean withFeatures) {
    // an event without a prediction has nothing to join its label to (its label will count as
    // unmatched); a monitor that needs predictions refuses such events when parsing them
    events = LabelJoinRules.waiting(events);
    if (events.isEmpty()) {
      return;
    }
    for (int from = 0; from < events.size(); from += INSERT_ROWS) {
      var insert =
          tx.insertInto(
              PENDING_PREDICTION,
              PENDING_PREDICTION.MONITOR_ID,
              PENDING_PREDICTION.INFERENCE_ID,
              PENDING_PREDICTION.WINDOW_START,
              PENDING_PREDICTION.EVENT_TIME,
              PENDING_PREDICTION.PREDICTION,
              PENDING_PREDICTION.FEATURES);
      for (InferenceEvent e : events.subList(from, Math.min(events.size(), from + INSERT_ROWS))) {
        insert =
            insert.values(
                monitorId,
                e.inferenceId(),
                windowStart,
                e.eventTime(),
                e.prediction(),
                withFeatures ? floats(e.features()) : null);
      }
      insert.onConflictDoNothing().execute();
    }
  }

  /**
   * Drops the predictions still waiting for a label whose event time is before {@code cutoff}:
   * their label horizon has passed. Returns how many.
   */
  int expire(DSLContext tx, String monitorId, long cutoff) {
    return tx.deleteFrom(PENDING_PREDICTION)
        .where(
            PENDING_PREDICTION.MONITOR_ID.eq(monitorId), PENDING_PREDICTION.EVENT_TIME.lt(cutoff))
        .execute();
  }

  /**
   * Closed windows with more joined labels than their model quality was computed from ({@link
   * LabelJoinRules#needsReevaluation}).
   */
  List<LabelRepository.Relabelled> relabelled(DSLContext dsl, String monitorId) {
    return dsl
        .select(MONITOR_WINDOW.WINDOW_START, MONITOR_WINDOW.LABELS_EVALUATED, WINDOW_LABELS.JOINED)
        .from(MONITOR_WINDOW)
        .join(WINDOW_LABELS)
        .on(
            WINDOW_LABELS.MONITOR_ID.eq(MONITOR_WINDOW.MONITOR_ID),
            WINDOW_LABELS.WINDOW_START.eq(MONITOR_WINDOW.WINDOW_START))
        .where(
            MONITOR_WINDOW.MONITOR_ID.eq(monitorId),
            MONITOR_WINDOW.STATE.eq(WindowState.CLOSED.name()))
        .orderBy(MONITOR_WINDOW.WINDOW_START)
        .fetch(r -> new LabelRepository.Relabelled(r.value1(), r.value2(), r.value3()))
        .stream()
        .filter(r -> LabelJoinRules.needsReevaluation(r.joined(), r.evaluated()))
        .toList();
  }

  /** {@link LabelRepository#reevaluate} inside the caller's transaction. */
  WindowWrite reevaluate(
      DSLContext tx,
      String monitorId,
      long windowStart,
      long expectedLabels,
      long labelsEvaluated,
      String resultJson,
      RaisedAlerts raised) {
    int updated =
        tx.update(MONITOR_WINDOW)
            .set(MONITOR_WINDOW.RESULT, resultJson)
            .set(MONITOR_WINDOW.LABELS_EVALUATED, labelsEvaluated)
            .where(
                MONITOR_WINDOW.MONITOR_ID.eq(monitorId),
                MONITOR_WINDOW.WINDOW_START.eq(windowStart),
                MONITOR_WINDOW.STATE.eq(WindowState.CLOSED.name()),
                MONITOR_WINDOW.LABELS_EVALUATED.eq(expectedLabels))
            .execute();
    if (updated == 0) {
      return WindowWrite.CHANGED;
    }
    List<Long> ids = AlertTables.insert(tx, monitorId, windowStart, raised);
    WindowRows.addCounters(
        tx,
        sql,
        monitorId,
        Map.of("windows_reevaluated", 1L, "alerts_raised", (long) raised.alerts().size()));
    return WindowWrite.stored(ids);
  }

  /** What joining a batch's labels did. */
  record Joined(int joined, int unmatched, int waiting) {}

  /**
   * Joins {@code labels} to the waiting predictions ({@link LabelJoinRules#match}): appends the
   * pairs to their windows, captures the kept rows ({@link CapturedRows#capture}), and deletes the
   * joined predictions. When {@code wait}, the first label of each id that found no prediction
   * waits for it in {@code pending_label} from {@code receivedAt} (unless a label of that id waits
   * already: then it is a duplicate, unmatched); otherwise it is unmatched.
   */
  Joined join(
      DSLContext tx, String monitorId, List<LabelEvent> labels, boolean wait, long receivedAt) {
    Map<String, LabelEvent> first = LabelJoinRules.firstById(labels);
    List<String> ids = new ArrayList<>(first.keySet());
    List<PendingPrediction> found = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      tx.select(
              PENDING_PREDICTION.INFERENCE_ID,
              PENDING_PREDICTION.WINDOW_START,
              PENDING_PREDICTION.PREDICTION,
              PENDING_PREDICTION.FEATURES)
          .from(PENDING_PREDICTION)
          .where(
              PENDING_PREDICTION.MONITOR_ID.eq(monitorId), PENDING_PREDICTION.INFERENCE_ID.in(part))
          .fetch()
          .forEach(
              r ->
                  found.add(new PendingPrediction(r.value1(), r.value2(), r.value3(), r.value4())));
    }
    LabelMatch match = LabelJoinRules.match(labels, found);
    List<String> matched = match.matched();
    for (int from = 0; from < matched.size(); from += CHUNK) {
      tx.deleteFrom(PENDING_PREDICTION)
          .where(
              PENDING_PREDICTION.MONITOR_ID.eq(monitorId),
              PENDING_PREDICTION.INFERENCE_ID.in(
                  matched.subList(from, Math.min(matched.size(), from + CHUNK))))
          .execute();
    }
    for (var e : match.pairs().entrySet()) {
      append(tx, monitorId, e.getKey(), e.getValue());
    }
    for (var e : match.captured().entrySet()) {
      CapturedRows.capture(tx, monitorId, e.getKey(), e.getValue().rows(), e.getValue().labels());
    }
    if (!wait) {
      return new Joined(match.joined(), match.unmatched(), 0);
    }
    java.util.Set<String> joined = new java.util.HashSet<>(matched);
    List<LabelEvent> early = new ArrayList<>();
    for (LabelEvent l : first.values()) {
      if (!joined.contains(l.inferenceId())) {
        early.add(l);
      }
    }
    int waiting = 0;
    for (int from = 0; from < early.size(); from += INSERT_ROWS) {
      var insert =
          tx.insertInto(
              PENDING_LABEL,
              PENDING_LABEL.MONITOR_ID,
              PENDING_LABEL.INFERENCE_ID,
              PENDING_LABEL.LABEL,
              PENDING_LABEL.RECEIVED_AT);
      for (LabelEvent l : early.subList(from, Math.min(early.size(), from + INSERT_ROWS))) {
        insert = insert.values(monitorId, l.inferenceId(), l.label(), receivedAt);
      }
      // an id already waiting keeps its first label: this one is a duplicate
      waiting += insert.onConflictDoNothing().execute();
    }
    return new Joined(match.joined(), match.unmatched() - waiting, waiting);
  }

  /**
   * Joins the labels waiting for the predictions of {@code inferenceIds}, just remembered by this
   * batch: each moves from {@code pending_label} into its window as if it had arrived now. Returns
   * how many joined. Reads nothing more when no label of the monitor waits.
   */
  int joinWaiting(DSLContext tx, String monitorId, List<String> inferenceIds, long receivedAt) {
    if (inferenceIds.isEmpty()
        || !tx.fetchExists(PENDING_LABEL, PENDING_LABEL.MONITOR_ID.eq(monitorId))) {
      return 0;
    }
    List<LabelEvent> waiting = new ArrayList<>();
    for (int from = 0; from < inferenceIds.size(); from += CHUNK) {
      List<String> part = inferenceIds.subList(from, Math.min(inferenceIds.size(), from + CHUNK));
      var rows =
          tx.select(PENDING_LABEL.INFERENCE_ID, PENDING_LABEL.LABEL)
              .from(PENDING_LABEL)
              .where(PENDING_LABEL.MONITOR_ID.eq(monitorId), PENDING_LABEL.INFERENCE_ID.in(part))
              .fetch();
      if (rows.isEmpty()) {
        continue;
      }
      List<String> found = new ArrayList<>();
      for (var r : rows) {
        waiting.add(new LabelEvent(r.value1(), 0, r.value2()));
        found.add(r.value1());
      }
      tx.deleteFrom(PENDING_LABEL)
          .where(PENDING_LABEL.MONITOR_ID.eq(monitorId), PENDING_LABEL.INFERENCE_ID.in(found))
          .execute();
    }
    if (waiting.isEmpty()) {
      return 0;
    }
    // every one finds its prediction (remembered in this transaction); none waits again
    return join(tx, monitorId, waiting, false, receivedAt).joined();
  }

  /**
   * Drops the labels that have waited for their prediction since before {@code cutoff} (the ingest
   * clock): their label horizon has passed. Returns how many (they count as unmatched).
   */
  int expireWaiting(DSLContext tx, String monitorId, long cutoff) {
    return tx.deleteFrom(PENDING_LABEL)
        .where(PENDING_LABEL.MONITOR_ID.eq(monitorId), PENDING_LABEL.RECEIVED_AT.lt(cutoff))
        .execute();
  }

  /** Whether a label of the monitor has waited for its prediction since before {@code cutoff}. */
  static boolean waitedSince(DSLContext dsl, String monitorId, long cutoff) {
    return dsl.fetchExists(
        PENDING_LABEL,
        PENDING_LABEL.MONITOR_ID.eq(monitorId),
        PENDING_LABEL.RECEIVED_AT.lt(cutoff));
  }

  /** How many labels of the monitor wait for their prediction. */
  static long waitingLabels(DSLContext dsl, String monitorId) {
    return dsl.fetchCount(PENDING_LABEL, PENDING_LABEL.MONITOR_ID.eq(monitorId));
  }

  private static byte[] floats(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  private static void append(DSLContext tx, String monitorId, long windowStart, float[] pairs) {
    ByteBuffer b = ByteBuffer.allocate(pairs.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(pairs);
    long added = pairs.length / 2;
    var existing =
        tx.selectFrom(WINDOW_LABELS)
            .where(
                WINDOW_LABELS.MONITOR_ID.eq(monitorId), WINDOW_LABELS.WINDOW_START.eq(windowStart))
            .fetchOptional();
    if (existing.isEmpty()) {
      tx.insertInto(WINDOW_LABELS)
          .set(WINDOW_LABELS.MONITOR_ID, monitorId)
          .set(WINDOW_LABELS.WINDOW_START, windowStart)
          .set(WINDOW_LABELS.JOINED, added)
          .set(WINDOW_LABELS.STATE, b.array())
          .execute();
    } else {
      byte[] old = existing.get().getState();
      byte[] all = new byte[old.length + b.capacity()];
      System.arraycopy(old, 0, all, 0, old.length);
      System.arraycopy(b.array(), 0, all, old.length, b.capacity());
      tx.update(WINDOW_LABELS)
          .set(WINDOW_LABELS.JOINED, WINDOW_LABELS.JOINED.plus(added))
          .set(WINDOW_LABELS.STATE, all)
          .where(WINDOW_LABELS.MONITOR_ID.eq(monitorId), WINDOW_LABELS.WINDOW_START.eq(windowStart))
          .execute();
    }
  }

  /**
   * The (prediction, label) pairs joined into a window so far, as alternating floats (none when no
   * label has arrived).
   */
  static float[] pairs(DSLContext dsl, WindowSql sql, String monitorId, long windowStart) {
    List<byte[]> state =
        sql.labelPairs.list(dsl, rs -> rs.getBytes(1), "monitor", monitorId, "start", windowStart);
    byte[] bytes = state.isEmpty() || state.get(0) == null ? new byte[0] : state.get(0);
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  void deleteAll(DSLContext tx, String monitorId) {
    tx.deleteFrom(WINDOW_LABELS).where(WINDOW_LABELS.MONITOR_ID.eq(monitorId)).execute();
  }
}
