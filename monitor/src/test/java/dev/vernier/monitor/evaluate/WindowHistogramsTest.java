package dev.vernier.monitor.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.api.FeatureHistogramsController;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.Histogram;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.WindowRepository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed window keeps, per numeric feature, its counts over the baseline's bin edges, stored with
 * the window in a real SQLite store and read back through the API's view: exact on known values
 * (edges, extremes, outside the range, missing) and equal to a reference that places each value by
 * scanning the edges.
 */
class WindowHistogramsTest {
  @TempDir Path dir;

  @Test
  void aClosedWindowsCountsOverTheBaselinesEdgesAreExact() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'hist','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':60}}"))
              .id();
      var m = f.service.model(id);
      Baseline b = m.baseline();
      Histogram h0 = b.profile(0).histogram();
      assertNotNull(h0, "feature 0 of the synthetic baseline is numeric");
      Random r = new Random(5);
      List<float[]> rows = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        rows.add(MonitorFixture.row(r, i < 30 ? 0 : 1.5)); // half of them shifted
      }
      // known values of feature 0: the first edge, the last edge, an inner edge, outside, missing
      float lo = (float) h0.lo();
      float hi = (float) h0.hi();
      rows.get(0)[0] = lo;
      rows.get(1)[0] = hi;
      rows.get(2)[0] = lo - 1f;
      rows.get(3)[0] = hi + 1f;
      rows.get(4)[0] = hi + 2f;
      rows.get(5)[0] = Float.NaN;
      List<InferenceEvent> events = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        events.add(new InferenceEvent("e" + i, 1000L + i, rows.get(i), new int[0], i % 2));
      }
      f.store.ingest(
          id,
          m.windowing(),
          m.features(),
          m.spec().labelHorizon(),
          new IngestBatch(
              List.of(new IngestBatch.Position("http", 0, 0, 1059)),
              events,
              List.of(),
              Map.of(),
              true,
              false));
      f.service.closeReady(id);
      List<WindowRepository.WindowCounts> stored = f.store.windowHistograms(id, 10);
      assertEquals(1, stored.size(), "one closed window");
      assertNotNull(stored.get(0).histograms());
      System.out.printf(
          "a window of %d features keeps %d bytes of histograms%n",
          m.features(), stored.get(0).histograms().length);

      for (int c = 0; c < m.features(); c++) {
        Histogram h = b.profile(c).histogram();
        long[] got = WindowHistograms.feature(stored.get(0).histograms(), c);
        if (h == null) {
          assertNull(got, "feature " + c + " has no baseline histogram");
          continue;
        }
        assertArrayEquals(reference(h, rows, c), got, "feature " + c);
      }
      long[] f0 = WindowHistograms.feature(stored.get(0).histograms(), 0);
      assertEquals(1, f0[0], "lo - 1 is underflow");
      assertEquals(2, f0[f0.length - 1], "hi + 1 and hi + 2 are overflow");
      assertEquals(59, java.util.Arrays.stream(f0).sum(), "every value but the missing one");

      String name = b.schema().feature(0).name();
      ObjectNode view = FeatureHistogramsController.view(b, name, stored);
      assertEquals(h0.bins() + 1, view.get("edges").size());
      assertEquals(h0.lo(), view.get("edges").get(0).asDouble());
      assertEquals(h0.hi(), view.get("edges").get(h0.bins()).asDouble());
      JsonNode w = view.get("windows").get(0).get("histogram");
      assertEquals(1, w.get("underflow").asLong());
      assertEquals(2, w.get("overflow").asLong());
      for (int i = 0; i < h0.bins(); i++) {
        assertEquals(f0[i + 1], w.get("counts").get(i).asLong(), "bin " + i);
      }
      assertTrue(w.get("counts").get(0).asLong() >= 1, "lo is in the first bin");
      assertTrue(w.get("counts").get(h0.bins() - 1).asLong() >= 1, "hi is in the last bin");

      // a window closed before windows kept histograms reads as null
      ObjectNode old =
          FeatureHistogramsController.view(
              b, name, List.of(new WindowRepository.WindowCounts(0, 60, null)));
      assertTrue(old.get("windows").get(0).get("histogram").isNull());
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> FeatureHistogramsController.view(b, "no-such-feature", stored));
      assertTrue(e.getMessage().contains("no-such-feature"), e.getMessage());
    }
  }

  /** Each value placed by scanning the edges: [underflow, bins..., overflow]; NaN not counted. */
  private static long[] reference(Histogram h, List<float[]> rows, int c) {
    long[] out = new long[h.bins() + 2];
    for (float[] row : rows) {
      double v = row[c];
      if (Double.isNaN(v)) {
        continue;
      }
      if (v < h.edge(0)) {
        out[0]++;
      } else if (v > h.edge(h.bins())) {
        out[h.bins() + 1]++;
      } else {
        int bin = h.bins() - 1;
        for (int i = 0; i < h.bins(); i++) {
          if (v < h.edge(i + 1)) {
            bin = i;
            break;
          }
        }
        out[bin + 1]++;
      }
    }
    return out;
  }
}
