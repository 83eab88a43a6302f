package dev.vernier.monitor.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorState;
import dev.vernier.monitor.storage.RepositoryContract;
import dev.vernier.platform.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A monitor whose stored spec says {@code "deduplicate": false} keeps no inference ids: every event
 * counts, a repeat too, and no row of {@code inference_seen} is written for it; beside it, {@link
 * #ID}, stored without the option (as every monitor stored before it), still counts an id once.
 * Every store runs it (SQLite and PostgreSQL).
 */
abstract class DeduplicateContract extends RepositoryContract {
  static final String UNIQUE = "mon-unique";

  @BeforeEach
  void uniqueMonitor() {
    repos
        .monitors()
        .create(
            new MonitorRecord(
                UNIQUE,
                "name-" + UNIQUE,
                "{\"name\":\"" + UNIQUE + "\",\"deduplicate\":false}",
                MonitorState.ACTIVE,
                1_000,
                null),
            "sha-" + UNIQUE,
            "{\"baseline\":\"" + UNIQUE + "\"}");
  }

  private IngestBatch.Result ingest(String monitor, List<InferenceEvent> e, List<LabelEvent> l) {
    return repos.ingest().ingest(monitor, SECONDS, COLS, HORIZON, batch(e, l));
  }

  /** The rows of {@code inference_seen} the monitor has. */
  private long rememberedIds(String monitorId) throws SQLException {
    try (Connection c = ((Database) repos.closer()).dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM inference_seen WHERE monitor_id = ?")) {
      ps.setString(1, monitorId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long windowEvents(String monitorId, long start) {
    return repos.windows().openWindows(monitorId).stream()
        .filter(w -> w.start() == start)
        .mapToLong(w -> w.events())
        .sum();
  }

  @Test
  void aRepeatCountsAgainAndNoIdIsRemembered() throws SQLException {
    List<InferenceEvent> first = List.of(event(100, 1), event(200, 1), event(100, 0));
    List<InferenceEvent> second = List.of(event(200, 0), event(300, 1));

    IngestBatch.Result a = ingest(UNIQUE, first, List.of());
    assertEquals(3, a.accepted(), "e100 twice in the batch: both count");
    assertEquals(0, a.duplicates());
    IngestBatch.Result b = ingest(UNIQUE, second, List.of());
    assertEquals(2, b.accepted(), "e200 sent again counts again");
    assertEquals(0, b.duplicates());
    assertEquals(5, windowEvents(UNIQUE, 0));
    assertEquals(5, repos.windows().windowData(UNIQUE, 0, COLS).rows());
    Map<String, Long> c = repos.monitors().counters(UNIQUE);
    assertEquals(5L, c.get("events_accepted"), c.toString());
    assertEquals(0L, c.getOrDefault("events_duplicate", 0L), c.toString());
    assertEquals(0, rememberedIds(UNIQUE));

    // the same batches to a monitor stored without the option: each id counts once
    assertEquals(1, ingest(ID, first, List.of()).duplicates());
    assertEquals(1, ingest(ID, second, List.of()).duplicates());
    assertEquals(3, windowEvents(ID, 0));
    assertEquals(3, rememberedIds(ID), "e100, e200, e300");
    assertEquals(0, rememberedIds(UNIQUE), "still none");
  }

  /**
   * The waiting predictions keep the first of an id: a repeat while it waits joins nothing, and the
   * label joins the first prediction; a repeat after the label joined waits for a label of its own.
   */
  @Test
  void aLabelJoinsTheFirstPredictionOfAnIdWaitingForIt() throws SQLException {
    ingest(UNIQUE, List.of(event(100, 1)), List.of());
    assertEquals(1, ingest(UNIQUE, List.of(event(100, 0)), List.of()).accepted());
    IngestBatch.Result joined = ingest(UNIQUE, List.of(), List.of(new LabelEvent("e100", 100, 1)));
    assertEquals(1, joined.labelsJoined());
    assertArrayEquals(
        new float[] {1, 1}, repos.labels().windowLabels(UNIQUE, 0), "the first prediction, 1");

    assertEquals(1, ingest(UNIQUE, List.of(event(100, 0)), List.of()).accepted());
    assertEquals(1, repos.labels().awaitingLabels(UNIQUE, List.of(0L)), "the repeat waits");
    IngestBatch.Result again = ingest(UNIQUE, List.of(), List.of(new LabelEvent("e100", 100, 1)));
    assertEquals(1, again.labelsJoined(), "a second label of the id joins the repeat");
    assertEquals(4, repos.labels().windowLabels(UNIQUE, 0).length);
    assertEquals(0, rememberedIds(UNIQUE));
  }
}
