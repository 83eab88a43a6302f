package dev.vernier.monitor.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.api.FeatureHistogramsController;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.BaselineBuilder;
import dev.vernier.monitor.baseline.BaselineCodec;
import dev.vernier.monitor.baseline.FeatureSchema;
import dev.vernier.monitor.baseline.Schema;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorState;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.monitor.window.WindowData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed window keeps, per categorical feature, a count per baseline category, one for categories
 * the baseline never saw and one for missing values, stored with the window in a real SQLite store
 * and read back through the API's view; and the encoding stays small for many categories.
 */
class CategoricalWindowCountsTest {
  @TempDir Path dir;

  private static final List<String> COLORS = List.of("red", "green", "blue");

  @Test
  void aClosedWindowCountsCategoriesUnseenAndMissing() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      // baseline: x numeric, color of red/green/blue (codes 0, 0, 1, 2, 2, 2 repeated)
      StringBuilder csv = new StringBuilder();
      int[] codes = {0, 0, 1, 2, 2, 2};
      for (int i = 0; i < 60; i++) {
        csv.append(i % 2).append(',').append(i * 0.1).append(',').append(codes[i % 6]).append('\n');
      }
      Files.writeString(f.dataRoot.resolve("cat.csv"), csv);
      String spec =
          "{\"name\":\"cat\",\"model\":\"m\",\"baseline\":{\"path\":\"cat.csv\"},"
              + "\"window\":{\"events\":10}}";
      Dataset data = new MonitorSpecParserAccess(f.dataRoot).parse(spec).baseline().read();
      Baseline b =
          new BaselineBuilder(data, Clock.systemUTC())
              .schema(
                  new Schema(
                      List.of(
                          FeatureSchema.numeric("x"), FeatureSchema.categorical("color", COLORS)),
                      null))
              .build();
      f.store.create(
          new MonitorRecord("mon-cat", "cat", spec, MonitorState.ACTIVE, 0L, null),
          data.sha256(),
          BaselineCodec.write(b));
      var m = f.service.model("mon-cat");

      // red x3, green x1, blue x0, unseen (-1) x2, a code past the categories x1, missing x2,
      // a fractional code x1: 10 rows
      float nan = Float.NaN;
      float[] color = {0, 0, 0, 1, -1, -1, 7, nan, nan, 1.5f};
      List<InferenceEvent> events = new ArrayList<>();
      for (int i = 0; i < color.length; i++) {
        events.add(
            new InferenceEvent("e" + i, 1000L + i, new float[] {i, color[i]}, new int[0], 0));
      }
      f.store.ingest(
          "mon-cat",
          m.windowing(),
          m.features(),
          m.spec().labelHorizon(),
          new IngestBatch(
              List.of(new IngestBatch.Position("http", 0, 0, 1009)),
              events,
              List.of(),
              Map.of(),
              true,
              false));
      f.service.closeReady("mon-cat");
      List<MonitorStore.WindowCounts> stored = f.store.windowHistograms("mon-cat", 10);
      assertEquals(1, stored.size(), "one closed window");
      byte[] blob = stored.get(0).histograms();
      assertNotNull(blob);

      WindowHistograms.Categories c = WindowHistograms.categories(blob, 1, COLORS.size());
      assertArrayEquals(new long[] {3, 1, 0}, c.counts(), "red, green, blue");
      assertEquals(4, c.other(), "-1 twice, 7 and 1.5 are no baseline category");
      assertEquals(2, c.missing());
      long[] x = WindowHistograms.feature(blob, 0);
      assertEquals(10, java.util.Arrays.stream(x).sum(), "the numeric feature still counts");
      int colorBytes = blob.length - 1 - x.length; // x: a length byte and one byte a count
      System.out.printf(
          "a window keeps %d bytes for a categorical feature of 3 categories%n", colorBytes);
      assertEquals(7, colorBytes, "length, form, 3 counts, other, missing");

      ObjectNode view = FeatureHistogramsController.view(b, "color", stored);
      assertEquals("categorical", view.get("type").asText());
      assertEquals(List.of("red", "green", "blue"), texts(view.get("categories")));
      assertEquals(List.of(20L, 10L, 30L), longs(view.get("baseline")));
      assertEquals(0, view.get("baselineMissing").asLong());
      JsonNode w = view.get("windows").get(0).get("histogram");
      assertEquals(List.of(3L, 1L, 0L), longs(w.get("counts")));
      assertEquals(4, w.get("other").asLong());
      assertEquals(2, w.get("missing").asLong());
      assertEquals(
          "numeric", FeatureHistogramsController.view(b, "x", stored).get("type").asText());

      // a window closed before categorical counts were kept: 0 for the feature, read as null
      byte[] old = new byte[x.length + 2];
      old[0] = (byte) x.length;
      old[x.length + 1] = 0;
      ObjectNode oldView =
          FeatureHistogramsController.view(
              b, "color", List.of(new MonitorStore.WindowCounts(0, 10, old)));
      assertTrue(oldView.get("windows").get(0).get("histogram").isNull());
      ObjectNode none =
          FeatureHistogramsController.view(
              b, "color", List.of(new MonitorStore.WindowCounts(0, 10, null)));
      assertTrue(none.get("windows").get(0).get("histogram").isNull());
    }
  }

  @Test
  void manyCategoriesAndFewRowsAreStoredSparsely() {
    int k = 5000;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      names.add("c" + i);
    }
    float[] base = new float[k];
    for (int i = 0; i < k; i++) {
      base[i] = i;
    }
    Baseline b =
        new BaselineBuilder(new Dataset("many", k, 1, base, new float[k]), Clock.systemUTC())
            .schema(new Schema(List.of(FeatureSchema.categorical("id", names)), null))
            .build();
    float[] rows = {4999, 3, 3, -1, Float.NaN, 200, 3};
    byte[] blob =
        WindowHistograms.count(
            b, new WindowData(rows.length, 1, rows, new float[rows.length], new int[0]));
    System.out.printf("7 rows over %d categories keep %d bytes%n", k, blob.length);
    assertTrue(blob.length < 20, "sparse, got " + blob.length + " bytes");
    WindowHistograms.Categories c = WindowHistograms.categories(blob, 0, k);
    long[] want = new long[k];
    want[3] = 3;
    want[200] = 1;
    want[4999] = 1;
    assertArrayEquals(want, c.counts());
    assertEquals(1, c.other());
    assertEquals(1, c.missing());

    // a window that sees most categories is stored densely, and reads back the same
    float[] all = new float[2 * k];
    for (int i = 0; i < all.length; i++) {
      all[i] = i % k;
    }
    byte[] dense =
        WindowHistograms.count(
            b, new WindowData(all.length, 1, all, new float[all.length], new int[0]));
    assertTrue(dense.length <= k + 6, "dense, got " + dense.length + " bytes");
    WindowHistograms.Categories d = WindowHistograms.categories(dense, 0, k);
    for (int i = 0; i < k; i++) {
      assertEquals(2, d.counts()[i], "category " + i);
    }
  }

  private static List<String> texts(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Long> longs(JsonNode a) {
    List<Long> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asLong()));
    return out;
  }

  /** The parser the service uses, over the fixture's data root. */
  private record MonitorSpecParserAccess(Path root) {
    dev.vernier.monitor.spec.MonitorSpec parse(String json) {
      return new dev.vernier.monitor.spec.MonitorSpecParser(
              new dev.vernier.core.data.DataRoots(List.of(root)),
              dev.vernier.monitor.drift.DriftMethods.names())
          .parse(MonitorFixture.json(json));
    }
  }
}
