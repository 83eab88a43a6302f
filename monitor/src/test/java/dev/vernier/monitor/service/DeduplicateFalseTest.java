package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.api.MonitorViews;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.window.WindowState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor created with {@code "deduplicate": false} (its producer guarantees unique ids) counts
 * every event, a repeated inference id again each time, remembers no id, and shows the option in
 * its document; a label joins the first prediction of its id.
 */
class DeduplicateFalseTest {
  @TempDir Path dir;

  @Test
  void overHttpARepeatCountsAgainAndItsLabelJoinsTheFirstPrediction() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir, LateLabelsTest.PERFECT, MonitorMetrics.NONE)) {
      MonitorService s = f.service;
      String id =
          s.create(
                  MonitorFixture.json(
                      "{'name':'unique-ids','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':400},'labelHorizon':'PT1H',"
                          + "'deduplicate':false}"))
              .id();
      JsonNode shown = MonitorViews.monitor(s.monitor(id).orElseThrow(), Map.of());
      assertTrue(shown.at("/spec/deduplicate").isBoolean(), shown.toString());
      assertFalse(shown.at("/spec/deduplicate").booleanValue(), shown.toString());
      assertFalse(s.spec(id).orElseThrow().deduplicate());

      // 200 right predictions; their repeats carry other features (shifted by 5) and the wrong one
      Random r = new Random(21);
      List<String> events = new ArrayList<>();
      List<String> repeats = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        float[] x = MonitorFixture.row(r, 0);
        int truth = x[0] + x[1] > 0 ? 1 : 0;
        events.add(MonitorFixture.event("m", "e" + i, 1_000 + i, x, truth));
        float[] shifted = x.clone();
        for (int j = 0; j < shifted.length; j++) {
          shifted[j] += 5;
        }
        repeats.add(MonitorFixture.event("m", "e" + i, 1_000 + i, shifted, 1 - truth));
        labels.add("{\"inferenceId\":\"e" + i + "\",\"label\":" + truth + "}");
      }
      HttpIngestion.Result first = s.ingestHttp(id, EarlyLabelsTest.bytes(events), false, null);
      assertEquals(200, first.result().accepted());
      // the first half again, and e150 twice in one post: every one counts
      List<String> again = new ArrayList<>(repeats.subList(0, 100));
      again.add(events.get(150));
      again.add(events.get(150));
      HttpIngestion.Result repeated = s.ingestHttp(id, EarlyLabelsTest.bytes(again), false, null);
      assertEquals(102, repeated.result().accepted());
      assertEquals(0, repeated.result().duplicates());
      HttpIngestion.Result joined = s.ingestHttp(id, EarlyLabelsTest.bytes(labels), true, null);
      assertEquals(200, joined.result().labelsJoined(), "each label finds its id's prediction");

      // 98 more events fill the window of 400
      List<String> more = new ArrayList<>();
      for (int i = 200; i < 298; i++) {
        more.add(MonitorFixture.event("m", "e" + i, 1_000 + i, MonitorFixture.row(r, 0), 0));
      }
      assertEquals(
          98, s.ingestHttp(id, EarlyLabelsTest.bytes(more), false, null).result().accepted());
      List<WindowRecord> windows = f.store.windows(id, 10);
      assertEquals(1, windows.size(), windows.toString());
      assertEquals(WindowState.CLOSED, windows.get(0).state());
      assertEquals(400, windows.get(0).events(), "200 + 102 + 98: the repeats counted");
      JsonNode result = EarlyLabelsTest.closedResult(f, id);
      assertEquals(200, result.at("/modelQuality/labels").asInt(), result.toString());
      assertEquals(
          1.0,
          result.at("/modelQuality/accuracy").asDouble(),
          1e-12,
          "the first predictions (all right), not the repeats' (all wrong): " + result);
      Map<String, Long> c = f.store.counters(id);
      assertEquals(400L, c.get("events_accepted"), c.toString());
      assertEquals(0L, c.getOrDefault("events_duplicate", 0L), c.toString());
      assertEquals(0, rememberedIds(f, id), "no row of inference_seen for the monitor");

      // the same posts to a monitor without the option: an id counts once, and is remembered
      String once =
          s.create(
                  MonitorFixture.json(
                      "{'name':'counted-once','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':400},'labelHorizon':'PT1H'}"))
              .id();
      assertTrue(s.spec(once).orElseThrow().deduplicate());
      assertTrue(
          MonitorViews.monitor(s.monitor(once).orElseThrow(), Map.of())
              .at("/spec/deduplicate")
              .isMissingNode(),
          "shown as submitted");
      assertEquals(
          200, s.ingestHttp(once, EarlyLabelsTest.bytes(events), false, null).result().accepted());
      HttpIngestion.Result dup = s.ingestHttp(once, EarlyLabelsTest.bytes(again), false, null);
      assertEquals(0, dup.result().accepted());
      assertEquals(102, dup.result().duplicates());
      assertEquals(200, rememberedIds(f, once));
      assertEquals(0, rememberedIds(f, id));
    }
  }

  static long rememberedIds(MonitorFixture f, String monitorId) throws Exception {
    try (Connection c = f.ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM inference_seen WHERE monitor_id = ?")) {
      ps.setString(1, monitorId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
