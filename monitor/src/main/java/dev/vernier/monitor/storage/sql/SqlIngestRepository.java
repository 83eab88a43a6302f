package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.SOURCE_OFFSET;

import dev.vernier.monitor.storage.DeadLetter;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.IngestRepository;
import dev.vernier.monitor.storage.SourcePartition;
import dev.vernier.monitor.window.PartitionMark;
import dev.vernier.monitor.window.Windowing;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jooq.impl.DSL;

/** {@link IngestRepository} in SQL. */
final class SqlIngestRepository implements IngestRepository {
  private final MonitorSql sql;

  SqlIngestRepository(MonitorSql sql) {
    this.sql = sql;
  }

  @Override
  public List<IngestBatch.Position> positions(String monitorId) {
    return sql.dsl
        .selectFrom(SOURCE_OFFSET)
        .where(SOURCE_OFFSET.MONITOR_ID.eq(monitorId))
        .fetch(
            r ->
                new IngestBatch.Position(
                    r.getTopic(), r.getPart(), r.getNextOffset(), r.getMaxEventTime()));
  }

  @Override
  public void registerPartitions(String monitorId, String topic, List<Integer> partitions) {
    sql.writeRun(c -> WindowRows.registerPartitions(c.dsl(), monitorId, topic, partitions));
  }

  @Override
  public void markIdle(String monitorId, String topic, int partition) {
    WindowRows.markIdle(sql.dsl, monitorId, topic, partition);
  }

  @Override
  public List<PartitionMark> partitionMarks(String monitorId, String topic) {
    return WindowRows.partitionMarks(sql.dsl, monitorId, topic);
  }

  @Override
  public IngestBatch.Result ingest(
      String monitorId, Windowing windowing, int cols, Duration labelHorizon, IngestBatch batch) {
    return sql.write(
        c -> {
          sql.lockMonitor(c.dsl(), monitorId);
          IngestBatch.Result r =
              WindowRows.ingest(
                  c.dsl(),
                  sql.batchSql,
                  sql.labels,
                  monitorId,
                  windowing,
                  cols,
                  labelHorizon,
                  batch);
          if (!r.replayed()) {
            DeadLetterTable.insert(c.dsl(), monitorId, batch.deadLetters());
          }
          return r;
        });
  }

  @Override
  public List<DeadLetter> pendingDeadLetters(String monitorId, int limit) {
    return DeadLetterTable.pending(sql.dsl, monitorId, DSL.trueCondition(), limit);
  }

  @Override
  public List<DeadLetter> pendingDeadLetters(
      String monitorId, Set<SourcePartition> partitions, int limit) {
    if (partitions.isEmpty()) {
      return List.of();
    }
    return DeadLetterTable.pending(sql.dsl, monitorId, DeadLetterTable.from(partitions), limit);
  }

  @Override
  public List<Long> deadLettersAttempted(
      String monitorId, List<Long> ids, long partitionEndOffset) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return sql.write(c -> DeadLetterTable.attempted(c.dsl(), monitorId, ids, partitionEndOffset));
  }

  @Override
  public void deadLettersPublished(String monitorId, List<Long> ids) {
    sql.writeRun(c -> DeadLetterTable.published(c.dsl(), monitorId, ids));
  }
}
