package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.storage.IngestBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels join their predictions only within the monitor's label horizon: a prediction whose event
 * time falls more than the horizon behind the newest event expires, and its label, arriving later,
 * does not join: it waits (as a label that came before its event would) and counts as unmatched
 * once its own horizon has passed.
 */
class LabelHorizonTest {
  @TempDir Path dir;

  @Test
  void predictionsOlderThanTheHorizonExpireAndTheirLabelsNoLongerJoin() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'horizon','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':1000},'labelHorizon':'PT10S',"
                          + "'kafka':{'eventsTopic':'ev','labelsTopic':'lab'}}"))
              .id();
      Random r = new Random(5);
      // 100 predictions at t = 0..99 ms, then 100 more at 5 s: all within the 10 s horizon
      events(f, id, r, 0, 100, 0);
      events(f, id, r, 100, 200, 5_000);
      labels(f, id, 0, 50);
      assertEquals(50L, f.store.counters(id).get("labels_joined"));
      assertEquals(0L, f.store.counters(id).getOrDefault("labels_expired", 0L));

      // events up to 10.109 s: the unlabelled predictions at t = 50..99 ms are now beyond the
      // horizon, those at 5 s are not
      events(f, id, r, 200, 210, 10_100);
      Map<String, Long> c = f.store.counters(id);
      assertEquals(50L, c.get("labels_expired"), "the 50 unlabelled predictions at t < 100 ms");
      labels(f, id, 50, 100);
      labels(f, id, 100, 150);
      c = f.store.counters(id);
      assertEquals(
          50L, c.get("labels_waited"), "labels of expired predictions do not join: they wait");
      assertEquals(0L, c.getOrDefault("labels_unmatched", 0L), "until their own horizon passes");
      assertEquals(100L, c.get("labels_joined"), "labels of predictions within the horizon do");
    }
  }

  /** Events e{from}..e{to-1}, event time {@code time} plus their index in milliseconds. */
  private static void events(MonitorFixture f, String id, Random r, int from, int to, long time) {
    EventParser parser = f.service.parser(id);
    List<InferenceEvent> events = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String json =
          MonitorFixture.event("m", "e" + i, time + i - from, MonitorFixture.row(r, 0), 1);
      events.add(parser.inference(json.getBytes(StandardCharsets.UTF_8)).event());
    }
    IngestBatch.Position pos = new IngestBatch.Position("ev", 0, to, time + to - from);
    f.service.accept(id, new IngestBatch(List.of(pos), events, List.of(), Map.of(), true, false));
  }

  private static void labels(MonitorFixture f, String id, int from, int to) {
    List<LabelEvent> labels = new ArrayList<>();
    for (int i = from; i < to; i++) {
      labels.add(new LabelEvent("e" + i, i, 1));
    }
    f.service.accept(id, new IngestBatch(List.of(), List.of(), labels, Map.of(), true, false));
  }
}
