package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.BASELINE;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR_COUNTER;
import static dev.vernier.monitor.storage.generated.Tables.WINDOW_CHUNK;

import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorRepository;
import dev.vernier.monitor.storage.MonitorState;
import dev.vernier.monitor.storage.generated.tables.records.MonitorRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** {@link MonitorRepository} in SQL. */
final class SqlMonitorRepository implements MonitorRepository {
  private final MonitorSql sql;
  private final DSLContext dsl;

  SqlMonitorRepository(MonitorSql sql) {
    this.sql = sql;
    this.dsl = sql.dsl;
  }

  @Override
  public void create(MonitorRecord m, String datasetSha256, String baselineJson) {
    sql.writeRun(
        c -> {
          DSLContext tx = c.dsl();
          tx.insertInto(MONITOR)
              .set(MONITOR.ID, m.id())
              .set(MONITOR.NAME, m.name())
              .set(MONITOR.SPEC, org.jooq.JSON.valueOf(m.specJson()))
              .set(MONITOR.STATE, m.state().name())
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
        MonitorState.valueOf(r.getState()),
        r.getCreatedAt(),
        r.getLastRetrainAt(),
        r.getStateReason(),
        r.getStateSince());
  }

  @Override
  public boolean delete(String id) {
    return sql.write(
        c -> {
          DSLContext tx = c.dsl();
          sql.lockMonitor(tx, id);
          tx.deleteFrom(WINDOW_CHUNK).where(WINDOW_CHUNK.MONITOR_ID.eq(id)).execute();
          sql.labels.deleteAll(tx, id);
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
  public void setHealth(String monitorId, String reason, long now) {
    sql.writeRun(
        c ->
            c.dsl()
                .update(MONITOR)
                .set(MONITOR.STATE, MonitorState.of(reason).name())
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
  public Map<String, Long> counters(String monitorId) {
    Map<String, Long> out = new TreeMap<>();
    dsl.selectFrom(MONITOR_COUNTER)
        .where(MONITOR_COUNTER.MONITOR_ID.eq(monitorId))
        .forEach(r -> out.put(r.getName(), r.getValue()));
    return out;
  }
}
