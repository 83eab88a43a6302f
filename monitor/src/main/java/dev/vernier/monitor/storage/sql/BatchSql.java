package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.MONITOR;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR_COUNTER;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR_WINDOW;
import static dev.vernier.monitor.storage.generated.Tables.SOURCE_OFFSET;
import static dev.vernier.monitor.storage.generated.Tables.WINDOW_CHUNK;

import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.impl.DSL;

/**
 * The statements of every ingested batch (see {@link WindowRows#ingest}), rendered once for the
 * store's dialect. Parameter names: monitor, start, end, state, n, rows, features, predictions,
 * mismatches, window, events, topic, part, next, time, name, from. The inference ids a batch claims
 * and forgets (none for a monitor that does not deduplicate): {@link #seen}.
 */
final class BatchSql {
  final RenderedSql monitorCounts;
  final RenderedSql addWindowEvents;
  final RenderedSql insertWindow;
  final RenderedSql insertChunk;
  final RenderedSql setCountWindow;
  final RenderedSql positionWithEvents;
  final RenderedSql positionOnly;
  final RenderedSql fencedPositionWithEvents;
  final RenderedSql fencedPositionOnly;
  final RenderedSql storedPosition;
  final RenderedSql insertPosition;
  final RenderedSql addCounter;
  final RenderedSql insertCounter;
  final SeenIds seen;

  BatchSql(DSLContext dsl) {
    Param<String> monitor = DSL.param("monitor", String.class);
    Param<Long> start = DSL.param("start", Long.class);
    Param<Long> n = DSL.param("n", Long.class);
    Param<String> topic = DSL.param("topic", String.class);
    Param<Integer> part = DSL.param("part", Integer.class);
    Param<Long> next = DSL.param("next", Long.class);
    Param<Long> time = DSL.param("time", Long.class);
    Param<String> name = DSL.param("name", String.class);
    monitorCounts =
        RenderedSql.of(
            dsl,
            dsl.select(MONITOR.OPEN_COUNT_WINDOW, MONITOR.OPEN_COUNT_EVENTS, MONITOR.CLOSED_THROUGH)
                .from(MONITOR)
                .where(MONITOR.ID.eq(monitor)));
    addWindowEvents =
        RenderedSql.of(
            dsl,
            dsl.update(MONITOR_WINDOW)
                .set(MONITOR_WINDOW.EVENTS, MONITOR_WINDOW.EVENTS.plus(n))
                .where(
                    MONITOR_WINDOW.MONITOR_ID.eq(monitor), MONITOR_WINDOW.WINDOW_START.eq(start)));
    insertWindow =
        RenderedSql.of(
            dsl,
            dsl.insertInto(MONITOR_WINDOW)
                .set(MONITOR_WINDOW.MONITOR_ID, monitor)
                .set(MONITOR_WINDOW.WINDOW_START, start)
                .set(MONITOR_WINDOW.WINDOW_END, DSL.param("end", Long.class))
                .set(MONITOR_WINDOW.STATE, DSL.param("state", String.class))
                .set(MONITOR_WINDOW.EVENTS, n));
    insertChunk =
        RenderedSql.of(
            dsl,
            dsl.insertInto(WINDOW_CHUNK)
                .set(WINDOW_CHUNK.MONITOR_ID, monitor)
                .set(WINDOW_CHUNK.WINDOW_START, start)
                .set(WINDOW_CHUNK.ROWS_COUNT, DSL.param("rows", Integer.class))
                .set(WINDOW_CHUNK.FEATURES, DSL.param("features", byte[].class))
                .set(WINDOW_CHUNK.PREDICTIONS, DSL.param("predictions", byte[].class))
                .set(WINDOW_CHUNK.MISMATCHES, DSL.param("mismatches", byte[].class)));
    setCountWindow =
        RenderedSql.of(
            dsl,
            dsl.update(MONITOR)
                .set(MONITOR.OPEN_COUNT_WINDOW, DSL.param("window", Long.class))
                .set(MONITOR.OPEN_COUNT_EVENTS, DSL.param("events", Long.class))
                .where(MONITOR.ID.eq(monitor)));
    var thisPartition =
        DSL.and(
            SOURCE_OFFSET.MONITOR_ID.eq(monitor),
            SOURCE_OFFSET.TOPIC.eq(topic),
            SOURCE_OFFSET.PART.eq(part));
    positionWithEvents =
        RenderedSql.of(
            dsl,
            dsl.update(SOURCE_OFFSET)
                .set(SOURCE_OFFSET.NEXT_OFFSET, next)
                .set(SOURCE_OFFSET.MAX_EVENT_TIME, DSL.greatest(SOURCE_OFFSET.MAX_EVENT_TIME, time))
                .set(SOURCE_OFFSET.IDLE, DSL.inline(false))
                .where(thisPartition));
    positionOnly =
        RenderedSql.of(
            dsl,
            dsl.update(SOURCE_OFFSET).set(SOURCE_OFFSET.NEXT_OFFSET, next).where(thisPartition));
    // the fence: a position moves only from where the batch was read (see IngestBatch.Position)
    var fromStored =
        DSL.and(thisPartition, SOURCE_OFFSET.NEXT_OFFSET.eq(DSL.param("from", Long.class)));
    fencedPositionWithEvents =
        RenderedSql.of(
            dsl,
            dsl.update(SOURCE_OFFSET)
                .set(SOURCE_OFFSET.NEXT_OFFSET, next)
                .set(SOURCE_OFFSET.MAX_EVENT_TIME, DSL.greatest(SOURCE_OFFSET.MAX_EVENT_TIME, time))
                .set(SOURCE_OFFSET.IDLE, DSL.inline(false))
                .where(fromStored));
    fencedPositionOnly =
        RenderedSql.of(
            dsl, dsl.update(SOURCE_OFFSET).set(SOURCE_OFFSET.NEXT_OFFSET, next).where(fromStored));
    storedPosition =
        RenderedSql.of(
            dsl, dsl.select(SOURCE_OFFSET.NEXT_OFFSET).from(SOURCE_OFFSET).where(thisPartition));
    insertPosition =
        RenderedSql.of(
            dsl,
            dsl.insertInto(SOURCE_OFFSET)
                .set(SOURCE_OFFSET.IDLE, DSL.inline(false))
                .set(SOURCE_OFFSET.MONITOR_ID, monitor)
                .set(SOURCE_OFFSET.TOPIC, topic)
                .set(SOURCE_OFFSET.PART, part)
                .set(SOURCE_OFFSET.NEXT_OFFSET, next)
                .set(SOURCE_OFFSET.MAX_EVENT_TIME, time));
    addCounter =
        RenderedSql.of(
            dsl,
            dsl.update(MONITOR_COUNTER)
                .set(MONITOR_COUNTER.VALUE, MONITOR_COUNTER.VALUE.plus(n))
                .where(MONITOR_COUNTER.MONITOR_ID.eq(monitor), MONITOR_COUNTER.NAME.eq(name)));
    insertCounter =
        RenderedSql.of(
            dsl,
            dsl.insertInto(MONITOR_COUNTER)
                .set(MONITOR_COUNTER.MONITOR_ID, monitor)
                .set(MONITOR_COUNTER.NAME, name)
                .set(MONITOR_COUNTER.VALUE, n));
    seen = new SeenIds(dsl);
  }
}
