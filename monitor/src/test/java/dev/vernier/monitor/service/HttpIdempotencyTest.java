package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.data.DataRoots;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.SyntheticEvents;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.sql.SqlMonitorStore;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idempotency key is one post's of each kind, tied to its body: labels posted with the key of an
 * earlier events post are applied; a key reused with another body is refused and applies nothing; a
 * replay answers the first post in full, its rejected records included; two first posts with one
 * key sent at once through two replicas (SQLite and PostgreSQL) apply it once, and both are
 * answered.
 */
class HttpIdempotencyTest {
  @TempDir Path dir;

  static List<byte[]> events(int from, int to) {
    Random r = new Random(from);
    List<byte[]> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(
          MonitorFixture.event("m", "e" + i, 1_000 + i, MonitorFixture.row(r, 0), 1)
              .getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  static List<byte[]> labels(int from, int to) {
    List<byte[]> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(("{\"inferenceId\":\"e" + i + "\",\"label\":1}").getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void aKeyIsOnePostsOfEachKindAndTiedToItsBody() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'keys','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':1000}}"))
              .id();
      List<byte[]> first = events(0, 20);
      first.add("not json".getBytes(StandardCharsets.UTF_8));
      HttpIngestion.Result posted = f.service.ingestHttp(id, first, false, "key-1");
      assertEquals(20, posted.result().accepted());
      assertEquals(1, posted.rejected().size());

      // the same key on labels: a labels post of its own, applied
      HttpIngestion.Result labelled = f.service.ingestHttp(id, labels(0, 10), true, "key-1");
      assertFalse(labelled.result().replayed());
      assertEquals(10, labelled.result().labelsJoined());
      assertEquals(10L, f.store.counters(id).get("labels_joined"));

      // a retry of the events: replayed in full, rejected records included, nothing counted again
      HttpIngestion.Result retry = f.service.ingestHttp(id, first, false, "key-1");
      assertTrue(retry.result().replayed());
      assertEquals(20, retry.result().accepted());
      assertEquals(posted.rejected(), retry.rejected());
      assertEquals(20L, f.store.counters(id).get("events_accepted"));

      // the key with other events: refused, nothing applied
      IngestBatch.KeyReusedException e =
          assertThrows(
              IngestBatch.KeyReusedException.class,
              () -> f.service.ingestHttp(id, events(20, 40), false, "key-1"));
      assertEquals("Idempotency-Key", e.field());
      assertTrue(e.rule().contains("different body"), e.getMessage());
      assertEquals(20L, f.store.counters(id).get("events_accepted"));
      assertThrows(
          IngestBatch.KeyReusedException.class,
          () -> f.service.ingestHttp(id, labels(10, 20), true, "key-1"));
      assertEquals(10L, f.store.counters(id).get("labels_joined"));
    }
  }

  /** A service on {@code db}, as one replica of the service runs it. */
  static MonitorService replica(Database db, Path dataRoot) {
    return new MonitorService(
        new SqlMonitorStore(db.dataSource(), db.dialect()),
        new MonitorSpecParser(new DataRoots(List.of(dataRoot)), DriftMethods.names()),
        BaselinePredictor.NONE,
        MonitorMetrics.NONE,
        Clock.systemUTC(),
        1);
  }

  @Test
  void twoFirstPostsWithOneKeyAtOnceOnSqliteApplyItOnce() throws Exception {
    Path dataRoot = Files.createDirectories(dir.resolve("data"));
    SyntheticEvents.writeBaseline(dataRoot.resolve("train.csv"), 2000, 11);
    try (Database a = Database.sqlite(dir.resolve("vernier.db"));
        Database b = Database.sqlite(dir.resolve("vernier.db"))) {
      postTwiceAtOnce(replica(a, dataRoot), replica(b, dataRoot));
    }
  }

  @Test
  void twoFirstPostsWithOneKeyAtOnceOnPostgresApplyItOnce() throws Exception {
    Path dataRoot = Files.createDirectories(dir.resolve("data"));
    SyntheticEvents.writeBaseline(dataRoot.resolve("train.csv"), 2000, 11);
    PostgresServer pg = PostgresServer.shared();
    String url = pg.newDatabase();
    try (Database a = Database.postgres(url, pg.user(), "", 4);
        Database b = Database.postgres(url, pg.user(), "", 4)) {
      postTwiceAtOnce(replica(a, dataRoot), replica(b, dataRoot));
    }
  }

  /**
   * Rounds of two first posts with one key (events, then labels of those events) sent at once
   * through two replicas: every post is answered (none fails: a unique-key violation was a 500),
   * one applies and the other replays its answer, and each is counted once.
   */
  private static void postTwiceAtOnce(MonitorService a, MonitorService b) throws Exception {
    String id =
        a.create(
                MonitorFixture.json(
                    "{'name':'racing-keys','model':'m','baseline':{'path':'train.csv'},"
                        + "'window':{'events':100000}}"))
            .id();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      int rounds = 20;
      for (int round = 0; round < rounds; round++) {
        boolean labels = round % 2 == 1;
        int from = (round / 2) * 10;
        List<byte[]> body = labels ? labels(from, from + 10) : events(from, from + 10);
        String key = "key-" + round;
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<HttpIngestion.Result>> posts = new ArrayList<>();
        for (MonitorService s : List.of(a, b)) {
          posts.add(
              pool.submit(
                  () -> {
                    start.await();
                    return s.ingestHttp(id, body, labels, key);
                  }));
        }
        IngestBatch.Result first = posts.get(0).get().result();
        IngestBatch.Result second = posts.get(1).get().result();
        assertTrue(first.replayed() != second.replayed(), "round " + round + ": one replays");
        int counted = labels ? first.labelsJoined() : first.accepted();
        assertEquals(10, counted, "round " + round);
        assertEquals(
            counted,
            labels ? second.labelsJoined() : second.accepted(),
            "round " + round + ": the replay answers the first's result");
      }
      Map<String, Long> c = a.store().counters(id);
      assertEquals(10L * rounds / 2, c.get("events_accepted"), c.toString());
      assertEquals(10L * rounds / 2, c.get("labels_joined"), c.toString());
      assertEquals(null, c.get("events_duplicate"), "no post applied twice");
    } finally {
      pool.shutdownNow();
    }
  }
}
