package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.json.Json;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.MonitorState;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.window.WindowState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window that cannot be evaluated (here: an infinite value stored before events were checked when
 * parsed, as a database from an older version may hold) is marked FAILED with the error and
 * skipped; the windows after it close, and HTTP posts are answered as usual.
 */
class FailedWindowTest {
  @TempDir Path dir;

  @Test
  void aWindowThatCannotBeEvaluatedFailsAloneAndTheMonitorGoesOn() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'poison','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':50}}"))
              .id();
      var m = f.service.model(id);
      Random r = new Random(3);
      List<InferenceEvent> events = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        float[] x = MonitorFixture.row(r, 0);
        if (i == 7) {
          x[0] = Float.POSITIVE_INFINITY; // in the first window
        }
        events.add(new InferenceEvent("e" + i, 1000L + i, x, new int[0], i % 2));
      }
      f.store.ingest(
          id,
          m.windowing(),
          m.features(),
          m.spec().labelHorizon(),
          new IngestBatch(
              List.of(new IngestBatch.Position("http", 0, 0, 1099)),
              events,
              List.of(),
              Map.of(),
              true,
              false));
      f.service.closeReady(id); // does not throw
      List<WindowRecord> windows = new ArrayList<>(f.store.windows(id, 10));
      windows.sort(Comparator.comparingLong(WindowRecord::start));
      assertEquals(2, windows.size());
      assertEquals(WindowState.FAILED, windows.get(0).state());
      var error = Json.parse(windows.get(0).resultJson(), "result").node.path("error");
      assertTrue(error.path("message").asText().contains("finite"), error.toString());
      assertEquals(WindowState.CLOSED, windows.get(1).state(), "the next window is evaluated");
      Map<String, Long> counters = f.store.counters(id);
      assertEquals(1L, counters.get("windows_failed"), counters.toString());
      assertEquals(1L, counters.get("windows_closed"), counters.toString());
      // later posts are answered normally and counted
      List<byte[]> more = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        more.add(
            MonitorFixture.event("m", "p" + i, 2000L + i, MonitorFixture.row(r, 0), 1)
                .getBytes(StandardCharsets.UTF_8));
      }
      HttpIngestion.Result res = f.service.ingestHttp(id, more, false, null);
      assertEquals(50, res.result().accepted());
      assertEquals(2L, f.store.counters(id).get("windows_closed"));
      assertEquals(MonitorState.ACTIVE, f.store.monitor(id).orElseThrow().state());
    }
  }
}
