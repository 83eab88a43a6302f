package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.window.WindowState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels that arrive after their window closed (within the horizon) are evaluated: the window's
 * model quality is computed again from every joined label, and a model-quality violation found then
 * raises one alert.
 */
class LateLabelsTest {
  @TempDir Path dir;

  /** The baseline's own rule (label 1 when x0 + x1 > 0): the model is perfect on its baseline. */
  static final BaselinePredictor PERFECT =
      (spec, data) -> {
        double[] p = new double[data.rows()];
        float[] x = data.features();
        for (int i = 0; i < p.length; i++) {
          p[i] = x[i * data.cols()] + x[i * data.cols() + 1] > 0 ? 1 : 0;
        }
        return Optional.of(new BaselinePredictor.Predictions(p, 2, "model-1", "rule"));
      };

  @Test
  void aWindowClosedWithoutLabelsIsEvaluatedAgainWhenTheyArrive() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir, PERFECT, MonitorMetrics.NONE)) {
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'late','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':200},'labelHorizon':'PT1H',"
                          + "'alerts':{'k':1,'n':1},"
                          + "'kafka':{'eventsTopic':'ev','labelsTopic':'lab'}}"))
              .id();
      // 200 predictions, half of them wrong; the window closes before any label arrives
      Random r = new Random(9);
      EventParser parser = f.service.parser(id);
      List<InferenceEvent> events = new ArrayList<>();
      List<LabelEvent> labels = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        float[] x = MonitorFixture.row(r, 0);
        int truth = x[0] + x[1] > 0 ? 1 : 0;
        int predicted = i % 2 == 0 ? truth : 1 - truth;
        String json = MonitorFixture.event("m", "e" + i, i, x, predicted);
        events.add(parser.inference(json.getBytes(StandardCharsets.UTF_8)).event());
        labels.add(new LabelEvent("e" + i, 10_000 + i, truth));
      }
      IngestBatch.Position pos = new IngestBatch.Position("ev", 0, 200, 199);
      f.service.accept(id, new IngestBatch(List.of(pos), events, List.of(), Map.of(), true, false));
      f.service.closeReady(id);
      JsonNode closed = result(f, id);
      assertFalse(closed.has("modelQuality"), closed.toString());
      assertTrue(f.store.alerts(id, 10).stream().noneMatch(a -> a.kind().equals("model_quality")));

      // the labels come later: the closed window is evaluated again, once
      f.service.accept(id, new IngestBatch(List.of(), List.of(), labels, Map.of(), true, false));
      f.service.closeReady(id);
      f.service.closeReady(id);
      JsonNode again = result(f, id);
      assertEquals(200, again.at("/modelQuality/labels").asInt(), again.toString());
      assertEquals(0.5, again.at("/modelQuality/accuracy").asDouble(), 1e-12);
      // judged as a window closed with its labels is: over the classes present in it
      assertEquals("[0,1]", again.at("/modelQuality/compared/classes").toString());
      assertEquals(1.0, again.at("/modelQuality/compared/baselineAccuracy").asDouble(), 1e-12);
      assertTrue(again.toString().contains("\"violations\":[\"model_quality\""), again.toString());
      List<AlertRecord> quality =
          f.store.alerts(id, 10).stream().filter(a -> a.kind().equals("model_quality")).toList();
      assertEquals(1, quality.size(), f.store.alerts(id, 10).toString());
      assertTrue(quality.get(0).summary().contains("labels joined late"), quality.get(0).summary());
      assertTrue(
          quality.get(0).summary().startsWith("accuracy over all 2 classes: 0.5000"),
          quality.get(0).summary());
      assertEquals(1L, f.store.counters(id).get("windows_reevaluated"));
    }
  }

  private static JsonNode result(MonitorFixture f, String id) {
    WindowRecord w = f.store.windows(id, 1).get(0);
    assertEquals(WindowState.CLOSED, w.state());
    return Json.parse(w.resultJson(), "result").node;
  }
}
