package dev.vernier.tuner.storage.sql;

import static dev.vernier.tuner.storage.generated.Tables.LEASE;
import static dev.vernier.tuner.storage.generated.Tables.TRIAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.json.Json;
import dev.vernier.tuner.storage.FleetStore.WorkerHistory;
import dev.vernier.tuner.storage.generated.tables.Lease;
import dev.vernier.tuner.storage.generated.tables.Trial;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@link dev.vernier.tuner.storage.FleetStore#history()} in two reads of the lease rows: the counts
 * by worker and state, then each worker's last reported lease whose trial carries a provenance.
 */
final class WorkerHistoryQuery {
  private WorkerHistoryQuery() {}

  static Map<String, WorkerHistory> run(DSLContext dsl) {
    Map<String, int[]> counts = new TreeMap<>();
    for (var r :
        dsl.select(LEASE.WORKER_ID, LEASE.STATE, DSL.count())
            .from(LEASE)
            .where(LEASE.STATE.in(SqlFleetStore.EXPIRED, SqlFleetStore.REPORTED))
            .groupBy(LEASE.WORKER_ID, LEASE.STATE)
            .fetch()) {
      int[] c = counts.computeIfAbsent(r.value1(), k -> new int[2]);
      c[r.value2().equals(SqlFleetStore.EXPIRED) ? 0 : 1] = r.value3();
    }
    Map<String, String> backends = backends(dsl);
    Map<String, WorkerHistory> out = new TreeMap<>();
    counts.forEach(
        (worker, c) -> out.put(worker, new WorkerHistory(c[0], c[1], backends.get(worker))));
    return out;
  }

  /** The backend of each worker's last reported trial with a provenance, by worker id. */
  private static Map<String, String> backends(DSLContext dsl) {
    Lease l2 = LEASE.as("l2");
    Trial t2 = TRIAL.as("t2");
    var last =
        DSL.select(DSL.max(l2.ENDED_AT))
            .from(l2)
            .join(t2)
            .on(t2.ID.eq(l2.TRIAL_ID))
            .where(
                l2.WORKER_ID
                    .eq(LEASE.WORKER_ID)
                    .and(l2.STATE.eq(SqlFleetStore.REPORTED))
                    .and(t2.PROVENANCE_JSON.isNotNull()));
    Map<String, String> out = new HashMap<>();
    for (var r :
        dsl.select(LEASE.WORKER_ID, TRIAL.PROVENANCE_JSON)
            .from(LEASE)
            .join(TRIAL)
            .on(TRIAL.ID.eq(LEASE.TRIAL_ID))
            .where(
                LEASE
                    .STATE
                    .eq(SqlFleetStore.REPORTED)
                    .and(TRIAL.PROVENANCE_JSON.isNotNull())
                    .and(LEASE.ENDED_AT.eq(last)))
            .fetch()) {
      String backend = backend(r.value2());
      if (backend != null) {
        out.put(r.value1(), backend);
      }
    }
    return out;
  }

  /** The provenance's {@code backend}; null when it has none or is not JSON. */
  static String backend(String provenanceJson) {
    try {
      JsonNode b = Json.MAPPER.readTree(provenanceJson).path("backend");
      return b.isTextual() && !b.asText().isBlank() ? b.asText() : null;
    } catch (JsonProcessingException e) {
      return null; // a worker's provenance is shown as it came; a broken one names no backend
    }
  }
}
