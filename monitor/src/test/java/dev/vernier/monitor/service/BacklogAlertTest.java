package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.IngestBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog: one batch fills ten time windows at once (as a consumer catching up does), four of
 * them shifted. The closing pass closes them oldest first while the newer ones are still open, and
 * the alert rule still sees the closed windows before each one: the persisting drift raises one
 * alert. (It saw only the newest windows, all open, and raised none.)
 */
class BacklogAlertTest {
  @TempDir Path dir;

  @Test
  void aDriftInABacklogOfOpenWindowsRaisesOneAlert() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'backlog','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'size':'PT1S'},'alerts':{'k':2,'n':3}}"))
              .id();
      var m = f.service.model(id);
      Random r = new Random(4);
      List<InferenceEvent> events = new ArrayList<>();
      for (int w = 0; w < 10; w++) {
        double shift = w >= 3 && w <= 6 ? 3 : 0;
        for (int i = 0; i < 300; i++) {
          events.add(
              new InferenceEvent(
                  "e" + w + "-" + i,
                  w * 1000L + i * 3,
                  MonitorFixture.row(r, shift),
                  new int[0],
                  1));
        }
      }
      f.store.ingest(
          id,
          m.windowing(),
          m.features(),
          m.spec().labelHorizon(),
          new IngestBatch(
              List.of(new IngestBatch.Position("http", 0, 0, 9_999)),
              events,
              List.of(),
              Map.of(),
              false,
              false));
      f.service.closeReady(id);
      assertEquals(9L, f.store.counters(id).get("windows_closed"), "the last one waits");
      List<AlertRecord> drift =
          f.store.alerts(id, 100).stream().filter(a -> a.kind().equals("drift")).toList();
      assertEquals(1, drift.size(), f.store.alerts(id, 100).toString());
      assertEquals(4_000L, drift.get(0).windowStart(), "k=2 of n=3: the second shifted window");
    }
  }
}
