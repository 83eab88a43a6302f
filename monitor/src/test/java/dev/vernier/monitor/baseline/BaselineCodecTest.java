package dev.vernier.monitor.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BaselineCodecTest {
  @Test
  void roundTripsEveryPart() {
    Baseline b = Baselines.smallBaseline();
    String json = BaselineCodec.write(b);
    Baseline back = BaselineCodec.read(json);
    assertEquals(b, back);
    assertEquals(json, BaselineCodec.write(back), "stable output");
    assertTrue(json.contains("\"mean\":null"), "no values: null, not NaN");
    assertFalse(json.contains("NaN"));
  }

  @Test
  void roundTripsSketchesInEstimationMode() {
    int n = 50_000;
    Random rnd = new Random(3);
    float[] f = new float[n * 2];
    double[] p = new double[n];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) rnd.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      p[i] = rnd.nextDouble() * 100;
    }
    Baseline b =
        new BaselineBuilder(new Dataset("gauss", n, 2, f, null), Baselines.CLOCK)
            .predictions(p, PredictionSchema.numeric())
            .build();
    assertTrue(b.profile(0).sketch().isEstimationMode());
    Baseline back = BaselineCodec.read(BaselineCodec.write(b));
    assertEquals(b, back);
    for (double r = 0; r <= 1; r += 0.125) {
      assertEquals(b.profile(1).quantile(r), back.profile(1).quantile(r), 0);
      assertEquals(b.predictionProfile().quantile(r), back.predictionProfile().quantile(r), 0);
    }
  }

  @Test
  void refusesDamagedDocumentsNamingThePath() {
    bad(d -> d.put("format", 2), "$.format", "must be between 1 and 1, got 2");
    bad(d -> profile(d, 0).put("sketch", "***"), "$.profiles[0].sketch", "must be base64");
    bad(
        d -> profile(d, 0).put("sketch", "AAAA"),
        "$.profiles[0].sketch",
        "is not a serialised KLL");
    bad(d -> profile(d, 0).put("count", -1), "$.profiles[0].count", "must be between 0");
    bad(d -> d.with("provenance").put("createdAt", "yesterday"), "$.provenance.createdAt", "ISO");
    bad(d -> d.remove("constraints"), "$.constraints", "is required");
    bad(
        d -> ((ObjectNode) d.with("constraints").withArray("features").get(0)).put("name", "q"),
        "$.constraints.features[0].name",
        "must be 'x'");
    bad(d -> d.remove("predictionProfile"), "$.predictionProfile", "must be present exactly when");
  }

  private static ObjectNode profile(ObjectNode doc, int i) {
    return (ObjectNode) doc.withArray("profiles").get(i);
  }

  private static void bad(Consumer<ObjectNode> edit, String field, String message) {
    ObjectNode doc = BaselineCodec.toJson(Baselines.smallBaseline());
    edit.accept(doc);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> BaselineCodec.read(doc.toString()));
    assertEquals(field, e.field(), e.getMessage());
    if (!e.getMessage().contains(message)) {
      throw new AssertionError("'" + e.getMessage() + "' lacks '" + message + "'");
    }
  }
}
