package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.INGEST_REQUEST;
import static dev.vernier.monitor.storage.generated.Tables.SOURCE_OFFSET;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.label.LabelJoinRules;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.StaleBatchException;
import dev.vernier.monitor.window.ChunkBuilder;
import dev.vernier.monitor.window.PartitionMark;
import dev.vernier.monitor.window.WindowAssignment;
import dev.vernier.monitor.window.WindowState;
import dev.vernier.monitor.window.Windowing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.exception.NoDataFoundException;

/** An ingested batch and its row writes, inside the caller's transaction. */
final class WindowRows {
  private WindowRows() {}

  static void appendChunk(
      DSLContext tx, BatchSql sql, String monitorId, long start, long end, ChunkBuilder chunk) {
    long rows = chunk.rows();
    int updated = sql.addWindowEvents.update(tx, "monitor", monitorId, "start", start, "n", rows);
    if (updated == 0) {
      sql.insertWindow.update(
          tx,
          "monitor",
          monitorId,
          "start",
          start,
          "end",
          end,
          "state",
          WindowState.OPEN.name(),
          "n",
          rows);
    }
    sql.insertChunk.update(
        tx,
        "monitor",
        monitorId,
        "start",
        start,
        "rows",
        chunk.rows(),
        "features",
        chunk.features(),
        "predictions",
        chunk.predictions(),
        "mismatches",
        chunk.mismatches());
  }

  static void savePosition(DSLContext tx, BatchSql sql, String monitorId, IngestBatch.Position p) {
    boolean events = p.maxEventTime() > Long.MIN_VALUE; // a position with events is not idle
    Object[] params = {
      "monitor",
      monitorId,
      "topic",
      p.topic(),
      "part",
      p.partition(),
      "next",
      p.nextOffset(),
      "time",
      p.maxEventTime()
    };
    if (!p.fenced()) {
      int updated = (events ? sql.positionWithEvents : sql.positionOnly).update(tx, params);
      if (updated == 0) {
        sql.insertPosition.update(tx, params);
      }
      return;
    }
    Object[] fenced = java.util.Arrays.copyOf(params, params.length + 2);
    fenced[params.length] = "from";
    fenced[params.length + 1] = p.fromOffset();
    int updated =
        (events ? sql.fencedPositionWithEvents : sql.fencedPositionOnly).update(tx, fenced);
    if (updated == 0) {
      long[] stored =
          sql.storedPosition.longs(
              tx, "monitor", monitorId, "topic", p.topic(), "part", p.partition());
      if (stored != null) {
        // the caller's transaction rolls back: nothing of the batch is stored
        throw new StaleBatchException(p.topic(), p.partition(), stored[0], p.fromOffset());
      }
      sql.insertPosition.update(tx, params);
    }
  }

  static void addCounters(DSLContext tx, BatchSql sql, String monitorId, Map<String, Long> counts) {
    for (var e : counts.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      Object[] row = {"monitor", monitorId, "name", e.getKey(), "n", e.getValue()};
      if (sql.addCounter.update(tx, row) == 0) {
        sql.insertCounter.update(tx, row);
      }
    }
  }

  /** The watermark's view of each registered partition of {@code topic}, by partition. */
  static java.util.List<PartitionMark> partitionMarks(
      DSLContext dsl, String monitorId, String topic) {
    return dsl.select(SOURCE_OFFSET.PART, SOURCE_OFFSET.MAX_EVENT_TIME, SOURCE_OFFSET.IDLE)
        .from(SOURCE_OFFSET)
        .where(SOURCE_OFFSET.MONITOR_ID.eq(monitorId), SOURCE_OFFSET.TOPIC.eq(topic))
        .orderBy(SOURCE_OFFSET.PART)
        .fetch(r -> new PartitionMark(r.value1(), r.value2(), Boolean.TRUE.equals(r.value3())));
  }

  /** Registers an assignment's events partitions, inside the caller's transaction. */
  static void registerPartitions(
      DSLContext tx, String monitorId, String topic, java.util.List<Integer> partitions) {
    for (int p : partitions) {
      tx.insertInto(SOURCE_OFFSET)
          .set(SOURCE_OFFSET.MONITOR_ID, monitorId)
          .set(SOURCE_OFFSET.TOPIC, topic)
          .set(SOURCE_OFFSET.PART, p)
          .set(SOURCE_OFFSET.NEXT_OFFSET, -1L)
          .set(SOURCE_OFFSET.MAX_EVENT_TIME, Long.MIN_VALUE)
          .onConflictDoNothing()
          .execute();
    }
  }

  static void markIdle(DSLContext dsl, String monitorId, String topic, int partition) {
    dsl.update(SOURCE_OFFSET)
        .set(SOURCE_OFFSET.IDLE, true)
        .where(
            SOURCE_OFFSET.MONITOR_ID.eq(monitorId),
            SOURCE_OFFSET.TOPIC.eq(topic),
            SOURCE_OFFSET.PART.eq(partition))
        .execute();
  }

  /**
   * {@link dev.vernier.monitor.storage.IngestRepository#ingest} inside the caller's transaction.
   */
  static IngestBatch.Result ingest(
      DSLContext tx,
      BatchSql sql,
      LabelJoin labels,
      String monitorId,
      Windowing windowing,
      int cols,
      Duration labelHorizon,
      IngestBatch batch) {
    long[] m = sql.monitorCounts.longs(tx, "monitor", monitorId);
    if (m == null) {
      throw new NoDataFoundException("no monitor " + monitorId);
    }
    IngestBatch.Request request = batch.request();
    if (request != null) {
      IngestBatch.Result replayed = claimKey(tx, monitorId, request);
      if (replayed != null) {
        return replayed;
      }
    }
    // positions first: a stale batch (see IngestBatch.Position) is refused before any other work
    for (IngestBatch.Position p : batch.positions()) {
      savePosition(tx, sql, monitorId, p);
    }
    // an inference id counts once (unless the monitor says "deduplicate": false): the first event
    // of each id in the batch claims it, and only the events whose id the store had not counted
    // go to windows (RepeatedIds, SeenIds)
    List<InferenceEvent> counted = sql.seen.counted(tx, monitorId, batch.events());
    int duplicates = batch.events().size() - counted.size();
    WindowAssignment assigned =
        WindowAssignment.of(
            windowing, cols, new WindowAssignment.Cursor(m[0], m[1], m[2]), counted);
    Map<Long, ChunkBuilder> chunks = assigned.windows();
    int late = assigned.late();
    for (var w : chunks.entrySet()) {
      appendChunk(tx, sql, monitorId, w.getKey(), windowing.endOf(w.getKey()), w.getValue());
    }
    if (!windowing.byTime()) {
      sql.setCountWindow.update(
          tx,
          "monitor",
          monitorId,
          "window",
          assigned.next().countWindow(),
          "events",
          assigned.next().countEvents());
    }
    List<String> remembered = new ArrayList<>();
    if (batch.keepPredictions()) {
      for (var w : chunks.entrySet()) {
        List<InferenceEvent> waiting = LabelJoinRules.waiting(w.getValue().events());
        labels.remember(tx, monitorId, w.getKey(), waiting, batch.capture());
        for (InferenceEvent e : waiting) {
          remembered.add(e.inferenceId());
        }
      }
    }
    LabelJoin.Joined joined = new LabelJoin.Joined(0, 0, 0);
    if (!batch.labels().isEmpty()) {
      // a label whose prediction has not come waits for it (when the monitor keeps predictions)
      joined =
          labels.join(tx, monitorId, batch.labels(), batch.keepPredictions(), batch.receivedAt());
    }
    int early = 0;
    int waitExpired = 0;
    if (batch.keepPredictions()) {
      // labels that waited past the horizon (on the ingest clock) give up first; those that came
      // before this batch's predictions join them now
      waitExpired =
          labels.expireWaiting(
              tx, monitorId, LabelJoinRules.waitedSince(batch.receivedAt(), labelHorizon));
      early = labels.joinWaiting(tx, monitorId, remembered, batch.receivedAt());
    }
    int expired = 0;
    OptionalLong cutoff = LabelJoinRules.expiryCutoff(batch.events(), labelHorizon);
    if (batch.keepPredictions() && cutoff.isPresent()) {
      expired = labels.expire(tx, monitorId, cutoff.getAsLong());
    }
    sql.seen.forget(tx, monitorId, batch.events(), labelHorizon, windowing, m[2]);
    Map<String, Long> counts = new TreeMap<>();
    int accepted = counted.size() - late;
    counts.put("events_accepted", (long) accepted);
    counts.put("events_late", (long) late);
    counts.put("events_duplicate", (long) duplicates);
    counts.put("labels_joined", (long) joined.joined() + early);
    counts.put("labels_unmatched", (long) joined.unmatched() + waitExpired);
    counts.put("labels_waited", (long) joined.waiting());
    counts.put("labels_wait_expired", (long) waitExpired);
    counts.put("labels_expired", (long) expired);
    batch.rejected().forEach((reason, n) -> counts.merge("rejected_" + reason, n, Long::sum));
    addCounters(tx, sql, monitorId, counts);
    if (request != null) {
      tx.update(INGEST_REQUEST)
          .set(INGEST_REQUEST.ACCEPTED, accepted)
          .set(INGEST_REQUEST.LATE, late)
          .set(INGEST_REQUEST.LABELS_JOINED, joined.joined())
          .set(INGEST_REQUEST.LABELS_UNMATCHED, joined.unmatched())
          .set(INGEST_REQUEST.LABELS_WAITING, joined.waiting())
          .set(INGEST_REQUEST.DUPLICATES, duplicates)
          .where(
              INGEST_REQUEST.MONITOR_ID.eq(monitorId),
              INGEST_REQUEST.KIND.eq(request.kind()),
              INGEST_REQUEST.REQUEST_KEY.eq(request.key()))
          .execute();
    }
    return new IngestBatch.Result(
        accepted,
        late,
        joined.joined() + early,
        joined.unmatched(),
        false,
        null,
        joined.waiting(),
        duplicates);
  }

  /**
   * Claims an HTTP request's idempotency key for this transaction, before anything of its batch is
   * applied: its row is inserted now ({@code ON CONFLICT DO NOTHING}) and given the batch's counts
   * at the end. Returns null when claimed (apply the batch); otherwise the first request's answer,
   * replayed: the key's row was there, or another transaction inserted it meanwhile and committed
   * (on PostgreSQL the insert waits for it; a new statement then reads it). So two first requests
   * with one key, on one replica or two, apply the batch once and the second answers the first's
   * result, whether or not something else serialises them.
   *
   * @throws IngestBatch.KeyReusedException when the key's first request had another body
   * @throws IngestBatch.KeyInProgressException when the key is taken but its answer cannot be read
   */
  private static IngestBatch.Result claimKey(
      DSLContext tx, String monitorId, IngestBatch.Request request) {
    tx.deleteFrom(INGEST_REQUEST)
        .where(
            INGEST_REQUEST.MONITOR_ID.eq(monitorId),
            INGEST_REQUEST.CREATED_AT.lt(
                request.receivedAt() - IngestBatch.Request.KEPT.toMillis()))
        .execute();
    int claimed =
        tx.insertInto(INGEST_REQUEST)
            .set(INGEST_REQUEST.MONITOR_ID, monitorId)
            .set(INGEST_REQUEST.KIND, request.kind())
            .set(INGEST_REQUEST.REQUEST_KEY, request.key())
            .set(INGEST_REQUEST.BODY_SHA256, request.bodySha256())
            .set(INGEST_REQUEST.REJECTED, request.rejected())
            .set(INGEST_REQUEST.ACCEPTED, 0)
            .set(INGEST_REQUEST.LATE, 0)
            .set(INGEST_REQUEST.LABELS_JOINED, 0)
            .set(INGEST_REQUEST.LABELS_UNMATCHED, 0)
            .set(INGEST_REQUEST.LABELS_WAITING, 0)
            .set(INGEST_REQUEST.DUPLICATES, 0)
            .set(INGEST_REQUEST.CREATED_AT, request.receivedAt())
            .onConflictDoNothing()
            .execute();
    if (claimed == 1) {
      return null;
    }
    var r =
        tx.selectFrom(INGEST_REQUEST)
            .where(
                INGEST_REQUEST.MONITOR_ID.eq(monitorId),
                INGEST_REQUEST.KIND.eq(request.kind()),
                INGEST_REQUEST.REQUEST_KEY.eq(request.key()))
            .fetchOptional()
            .orElseThrow(
                () -> new IngestBatch.KeyInProgressException(request.key(), request.kind()));
    if (r.getBodySha256() != null
        && request.bodySha256() != null
        && !r.getBodySha256().equals(request.bodySha256())) {
      throw new IngestBatch.KeyReusedException(request.key(), request.kind());
    }
    return new IngestBatch.Result(
        r.getAccepted(),
        r.getLate(),
        r.getLabelsJoined(),
        r.getLabelsUnmatched(),
        true,
        r.getRejected(),
        r.getLabelsWaiting() == null ? 0 : r.getLabelsWaiting(),
        r.getDuplicates() == null ? 0 : r.getDuplicates());
  }
}
