package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.CAPTURE_CHUNK;
import static dev.vernier.monitor.storage.generated.Tables.PENDING_PREDICTION;

import dev.vernier.monitor.storage.LabelRepository;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The labelled rows a monitor captures for retraining, in {@code capture_chunk}: one chunk per
 * window each time labels join there, {@code rows_count} rows of little-endian float32 features and
 * one float32 label each, written when labels join their predictions ({@link LabelJoin#join}); and
 * what the {@code Retrainer} reads through {@link LabelRepository}: the captured rows, checked to
 * be as wide as the monitor's baseline ({@link #captured}), how many there are ({@link
 * #capturedRows}), and how many predictions of the alerting windows still wait for their label
 * ({@link #awaiting}).
 */
final class CapturedRows {
  private CapturedRows() {}

  /**
   * Captures the rows a batch's labels kept in a window: one chunk, inside the caller's
   * transaction.
   */
  static void capture(
      DSLContext tx, String monitorId, long windowStart, List<byte[]> rows, float[] labels) {
    int width = rows.get(0).length;
    byte[] features = new byte[rows.size() * width];
    ByteBuffer lb = ByteBuffer.allocate(labels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, features, i * width, width);
      lb.putFloat(labels[i]);
    }
    tx.insertInto(CAPTURE_CHUNK)
        .set(CAPTURE_CHUNK.MONITOR_ID, monitorId)
        .set(CAPTURE_CHUNK.WINDOW_START, windowStart)
        .set(CAPTURE_CHUNK.ROWS_COUNT, rows.size())
        .set(CAPTURE_CHUNK.FEATURES, features)
        .set(CAPTURE_CHUNK.LABELS, lb.array())
        .execute();
  }

  /**
   * {@link LabelRepository#captured}: the rows captured in windows from {@code fromWindow} on, each
   * chunk checked to hold {@code cols} features a row (and one label a row) before it is read.
   */
  static LabelRepository.Captured captured(
      DSLContext dsl, String monitorId, int cols, long fromWindow) {
    if (cols < 1) {
      throw new IllegalArgumentException("captured rows have at least 1 feature, got " + cols);
    }
    var chunks =
        dsl.selectFrom(CAPTURE_CHUNK)
            .where(
                CAPTURE_CHUNK.MONITOR_ID.eq(monitorId), CAPTURE_CHUNK.WINDOW_START.ge(fromWindow))
            .orderBy(CAPTURE_CHUNK.ID)
            .fetch();
    long rows = 0;
    java.util.TreeSet<Long> windows = new java.util.TreeSet<>();
    for (var c : chunks) {
      checkWidth(
          monitorId, c.getWindowStart(), c.getRowsCount(), c.getFeatures(), c.getLabels(), cols);
      rows += c.getRowsCount();
      windows.add(c.getWindowStart());
    }
    if (rows * cols > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "monitor "
              + monitorId
              + ": "
              + rows
              + " captured rows of "
              + cols
              + " features are more than one array holds");
    }
    float[] features = new float[(int) rows * cols];
    float[] labels = new float[(int) rows];
    int at = 0;
    for (var c : chunks) {
      ByteBuffer.wrap(c.getFeatures())
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(features, at * cols, c.getRowsCount() * cols);
      ByteBuffer.wrap(c.getLabels())
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(labels, at, c.getRowsCount());
      at += c.getRowsCount();
    }
    return new LabelRepository.Captured(features, labels, new ArrayList<>(windows));
  }

  /**
   * Refuses a captured chunk that is not {@code rows} rows of {@code cols} float32 features and one
   * float32 label each: rows captured under another width (a baseline of another shape) would be
   * cut into garbage rows if read as {@code cols} wide.
   */
  private static void checkWidth(
      String monitorId, long windowStart, int rows, byte[] features, byte[] labels, int cols) {
    long expected = (long) rows * cols * Float.BYTES;
    if (features.length != expected) {
      String width =
          rows > 0 && features.length % ((long) rows * Float.BYTES) == 0
              ? features.length / ((long) rows * Float.BYTES) + " features wide"
              : "not a whole number of features wide";
      throw new IllegalStateException(
          "monitor "
              + monitorId
              + ": the rows captured in window "
              + windowStart
              + " are "
              + width
              + " ("
              + features.length
              + " bytes for "
              + rows
              + " rows), the monitor's baseline has "
              + cols
              + " features ("
              + expected
              + " bytes)");
    }
    if (labels.length != (long) rows * Float.BYTES) {
      throw new IllegalStateException(
          "monitor "
              + monitorId
              + ": the rows captured in window "
              + windowStart
              + " hold "
              + labels.length
              + " bytes of labels for "
              + rows
              + " rows ("
              + (long) rows * Float.BYTES
              + " expected)");
    }
  }

  /** How many rows were captured in windows from {@code fromWindow} on. */
  static long capturedRows(DSLContext dsl, String monitorId, long fromWindow) {
    Number n =
        dsl.select(org.jooq.impl.DSL.sum(CAPTURE_CHUNK.ROWS_COUNT))
            .from(CAPTURE_CHUNK)
            .where(
                CAPTURE_CHUNK.MONITOR_ID.eq(monitorId), CAPTURE_CHUNK.WINDOW_START.ge(fromWindow))
            .fetchOne(0, Number.class);
    return n == null ? 0 : n.longValue();
  }

  /** How many predictions of these windows still wait for their label. */
  static long awaiting(DSLContext dsl, String monitorId, List<Long> windowStarts) {
    if (windowStarts.isEmpty()) {
      return 0;
    }
    return dsl.fetchCount(
        PENDING_PREDICTION,
        PENDING_PREDICTION.MONITOR_ID.eq(monitorId),
        PENDING_PREDICTION.WINDOW_START.in(windowStarts));
  }
}
