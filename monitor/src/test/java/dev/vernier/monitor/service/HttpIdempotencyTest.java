package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.storage.IngestBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idempotency key is one post's of each kind, tied to its body: labels posted with the key of an
 * earlier events post are applied; a key reused with another body is refused and applies nothing; a
 * replay answers the first post in full, its rejected records included.
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
}
