package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.DEAD_LETTER;

import dev.vernier.monitor.storage.DeadLetter;
import dev.vernier.monitor.storage.SourcePartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The dead-letter outbox ({@code dead_letter}): rows inserted in a batch's transaction, read by the
 * publisher (by the source partitions its consumer holds), marked with the partition's end offset
 * before the first attempt, deleted once published.
 */
final class DeadLetterTable {
  private DeadLetterTable() {}

  static void insert(DSLContext tx, String monitorId, List<DeadLetter> letters) {
    for (DeadLetter d : letters) {
      tx.insertInto(
              DEAD_LETTER,
              DEAD_LETTER.MONITOR_ID,
              DEAD_LETTER.SOURCE_TOPIC,
              DEAD_LETTER.SOURCE_PARTITION,
              DEAD_LETTER.SOURCE_OFFSET,
              DEAD_LETTER.REASON,
              DEAD_LETTER.DETAIL,
              DEAD_LETTER.RECORD_KEY,
              DEAD_LETTER.RECORD_VALUE)
          .values(
              monitorId,
              d.topic(),
              d.partition(),
              d.offset(),
              d.reason(),
              d.detail(),
              d.key(),
              d.value())
          .onConflictDoNothing()
          .execute();
    }
  }

  /** Rows read from one of {@code partitions}: per topic, its partitions' numbers. */
  static Condition from(Set<SourcePartition> partitions) {
    Map<String, List<Integer>> byTopic = new TreeMap<>();
    for (SourcePartition p : partitions) {
      byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p.partition());
    }
    List<Condition> any = new ArrayList<>();
    byTopic.forEach(
        (topic, numbers) ->
            any.add(
                DEAD_LETTER.SOURCE_TOPIC.eq(topic).and(DEAD_LETTER.SOURCE_PARTITION.in(numbers))));
    return DSL.or(any);
  }

  static List<DeadLetter> pending(DSLContext dsl, String monitorId, Condition from, int limit) {
    return dsl.selectFrom(DEAD_LETTER)
        .where(DEAD_LETTER.MONITOR_ID.eq(monitorId), from)
        .orderBy(DEAD_LETTER.ID)
        .limit(limit)
        .fetch(
            r ->
                new DeadLetter(
                    r.getId(),
                    r.getSourceTopic(),
                    r.getSourcePartition(),
                    r.getSourceOffset(),
                    r.getReason(),
                    r.getDetail(),
                    r.getRecordKey(),
                    r.getRecordValue(),
                    r.getAttemptOffset()));
  }

  /**
   * Marks the rows among {@code ids} never attempted; returns the ids it marked (one statement: on
   * PostgreSQL a second transaction marking the same row waits for the first and then finds it
   * marked; SQLite runs one writer at a time).
   */
  static List<Long> attempted(DSLContext tx, String monitorId, List<Long> ids, long endOffset) {
    return tx.update(DEAD_LETTER)
        .set(DEAD_LETTER.ATTEMPT_OFFSET, endOffset)
        .where(
            DEAD_LETTER.MONITOR_ID.eq(monitorId),
            DEAD_LETTER.ID.in(ids),
            DEAD_LETTER.ATTEMPT_OFFSET.isNull())
        .returningResult(DEAD_LETTER.ID)
        .fetch()
        .map(r -> r.value1().longValue());
  }

  static void published(DSLContext tx, String monitorId, List<Long> ids) {
    tx.deleteFrom(DEAD_LETTER)
        .where(DEAD_LETTER.MONITOR_ID.eq(monitorId), DEAD_LETTER.ID.in(ids))
        .execute();
  }
}
