package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.PENDING_PREDICTION;
import static dev.vernier.monitor.storage.generated.Tables.WINDOW_LABELS;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record3;

/**
 * Joins ground-truth labels to earlier predictions by inference id, inside the caller's
 * transaction. A prediction waits in {@code pending_prediction}; its label moves the (prediction,
 * label) pair into its window's {@code window_labels} and removes the prediction, so a label
 * delivered twice is counted once (the second finds nothing and counts as unmatched).
 */
final class LabelJoin {
  private static final int CHUNK = 500;

  void remember(DSLContext tx, String monitorId, long windowStart, List<InferenceEvent> events) {
    for (int from = 0; from < events.size(); from += CHUNK) {
      var insert =
          tx.insertInto(
              PENDING_PREDICTION,
              PENDING_PREDICTION.MONITOR_ID,
              PENDING_PREDICTION.INFERENCE_ID,
              PENDING_PREDICTION.WINDOW_START,
              PENDING_PREDICTION.EVENT_TIME,
              PENDING_PREDICTION.PREDICTION);
      for (InferenceEvent e : events.subList(from, Math.min(events.size(), from + CHUNK))) {
        insert =
            insert.values(monitorId, e.inferenceId(), windowStart, e.eventTime(), e.prediction());
      }
      insert.onConflictDoNothing().execute();
    }
  }

  /** Returns {joined, unmatched}. */
  int[] join(DSLContext tx, String monitorId, List<LabelEvent> labels) {
    Map<String, LabelEvent> byId = new HashMap<>();
    for (LabelEvent l : labels) {
      byId.putIfAbsent(l.inferenceId(), l);
    }
    Map<Long, List<float[]>> pairs = new HashMap<>();
    List<String> ids = new ArrayList<>(byId.keySet());
    int joined = 0;
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      var found =
          tx.select(
                  PENDING_PREDICTION.INFERENCE_ID,
                  PENDING_PREDICTION.WINDOW_START,
                  PENDING_PREDICTION.PREDICTION)
              .from(PENDING_PREDICTION)
              .where(
                  PENDING_PREDICTION.MONITOR_ID.eq(monitorId),
                  PENDING_PREDICTION.INFERENCE_ID.in(part))
              .fetch();
      List<String> matched = new ArrayList<>();
      for (Record3<String, Long, Double> r : found) {
        LabelEvent l = byId.get(r.value1());
        pairs
            .computeIfAbsent(r.value2(), w -> new ArrayList<>())
            .add(new float[] {r.value3().floatValue(), (float) l.label()});
        matched.add(r.value1());
      }
      if (!matched.isEmpty()) {
        tx.deleteFrom(PENDING_PREDICTION)
            .where(
                PENDING_PREDICTION.MONITOR_ID.eq(monitorId),
                PENDING_PREDICTION.INFERENCE_ID.in(matched))
            .execute();
      }
      joined += matched.size();
    }
    for (var e : pairs.entrySet()) {
      append(tx, monitorId, e.getKey(), e.getValue());
    }
    return new int[] {joined, labels.size() - joined};
  }

  private static void append(DSLContext tx, String monitorId, long windowStart, List<float[]> add) {
    ByteBuffer b = ByteBuffer.allocate(add.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] p : add) {
      b.putFloat(p[0]).putFloat(p[1]);
    }
    var existing =
        tx.selectFrom(WINDOW_LABELS)
            .where(
                WINDOW_LABELS.MONITOR_ID.eq(monitorId), WINDOW_LABELS.WINDOW_START.eq(windowStart))
            .fetchOptional();
    if (existing.isEmpty()) {
      tx.insertInto(WINDOW_LABELS)
          .set(WINDOW_LABELS.MONITOR_ID, monitorId)
          .set(WINDOW_LABELS.WINDOW_START, windowStart)
          .set(WINDOW_LABELS.JOINED, (long) add.size())
          .set(WINDOW_LABELS.STATE, b.array())
          .execute();
    } else {
      byte[] old = existing.get().getState();
      byte[] all = new byte[old.length + b.capacity()];
      System.arraycopy(old, 0, all, 0, old.length);
      System.arraycopy(b.array(), 0, all, old.length, b.capacity());
      tx.update(WINDOW_LABELS)
          .set(WINDOW_LABELS.JOINED, WINDOW_LABELS.JOINED.plus((long) add.size()))
          .set(WINDOW_LABELS.STATE, all)
          .where(WINDOW_LABELS.MONITOR_ID.eq(monitorId), WINDOW_LABELS.WINDOW_START.eq(windowStart))
          .execute();
    }
  }

  float[] pairs(DSLContext dsl, String monitorId, long windowStart) {
    byte[] state =
        dsl.select(WINDOW_LABELS.STATE)
            .from(WINDOW_LABELS)
            .where(
                WINDOW_LABELS.MONITOR_ID.eq(monitorId), WINDOW_LABELS.WINDOW_START.eq(windowStart))
            .fetchOptional(WINDOW_LABELS.STATE)
            .orElse(new byte[0]);
    float[] out = new float[state.length / 4];
    ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  void deleteAll(DSLContext tx, String monitorId) {
    tx.deleteFrom(WINDOW_LABELS).where(WINDOW_LABELS.MONITOR_ID.eq(monitorId)).execute();
  }
}
