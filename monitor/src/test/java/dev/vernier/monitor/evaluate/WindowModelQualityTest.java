package dev.vernier.monitor.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.baseline.PredictionSchema;
import dev.vernier.monitor.quality.ModelQuality;
import dev.vernier.monitor.quality.ModelQualityResult;
import dev.vernier.monitor.storage.codec.WindowResultCodec;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A window's model quality in its result and its violation (the path {@code LateLabels} takes too):
 * a classifier is judged over the classes present in the window, and the result says which.
 */
class WindowModelQualityTest {
  static final PredictionSchema TEN = PredictionSchema.classes(10);

  /** Ten classes of 100 labels: 80 right, 10 predicted k + 2 and 10 predicted k + 3 (mod 10). */
  static final long[][] BASELINE = new long[10][10];

  static {
    for (int k = 0; k < 10; k++) {
      BASELINE[k][k] = 80;
      BASELINE[k][(k + 2) % 10] = 10;
      BASELINE[k][(k + 3) % 10] = 10;
    }
  }

  @Test
  void footwearOnlyAtTheBaselinesPerClassQualityIsNoViolationAndTheResultNamesTheClasses() {
    // classes 5, 7 and 9 only, as on the baseline (the footwear-only traffic)
    long[][] w = new long[10][10];
    w[5] = BASELINE[5];
    w[7] = BASELINE[7];
    w[9] = BASELINE[9];
    ModelQualityVerdict v = evaluate(w);
    assertFalse(v.violated(), v.toString());
    JsonNode mq = json(v);
    assertEquals(300, mq.path("labels").asInt());
    assertEquals("[5,7,9]", mq.path("classes").toString());
    assertEquals(0.8, mq.path("accuracy").asDouble(), 1e-12);
    JsonNode c = mq.path("compared");
    assertEquals("[5,7,9]", c.path("classes").toString(), mq.toString());
    assertFalse(c.has("unmatched"));
    assertEquals("over classes {5, 7, 9} present in the window", c.path("summary").asText());
    assertEquals(c.path("baselineMacroF1").asDouble(), c.path("macroF1").asDouble(), 1e-12);
    assertEquals(mq.path("macroF1").asDouble(), c.path("macroF1").asDouble(), 1e-12);
  }

  @Test
  void aPresentClassWhoseRecallFallsIsAViolationNamingTheClassesCompared() {
    long[][] w = new long[10][10];
    w[5] = BASELINE[5];
    w[7] = BASELINE[7];
    w[9][9] = 40;
    w[9][1] = 60;
    JsonNode ev = evidence(evaluate(w));
    assertTrue(
        ev.path("summary")
            .asText()
            .startsWith("accuracy over classes {5, 7, 9} present in the window: 0.6667, down from"),
        ev.toString());
    JsonNode first = ev.path("evidence").get(0);
    assertEquals("accuracy", first.path("metric").asText());
    assertEquals(0.8, first.path("baseline").asDouble(), 1e-12);
    assertEquals("[5,7,9]", first.path("classes").toString());
    assertEquals("macro_f1", ev.path("evidence").get(1).path("metric").asText());
  }

  @Test
  void aRegressorIsComparedAsBefore() {
    ModelQuality b = ModelQuality.regression();
    b.acceptAll(new double[] {1, 2, 3, 4}, new float[] {1.1f, 2.1f, 2.9f, 3.9f});
    float[] pairs = new float[2 * 40];
    for (int i = 0; i < 40; i++) {
      pairs[2 * i] = i;
      pairs[2 * i + 1] = i + 1;
    }
    ModelQualityVerdict v =
        WindowEvaluator.modelQuality(PredictionSchema.numeric(), b.result(), pairs);
    assertEquals(1.0, json(v).path("rmse").asDouble(), 1e-12);
    assertFalse(json(v).has("compared"));
    assertTrue(evidence(v).path("summary").asText().startsWith("RMSE rose from"));
  }

  /** The window of confusion {@code w} as (prediction, label) pairs against {@link #BASELINE}. */
  private static ModelQualityVerdict evaluate(long[][] w) {
    ModelQuality b = ModelQuality.classification(10);
    int n = 0;
    for (long[] row : w) {
      for (long v : row) {
        n += (int) v;
      }
    }
    float[] pairs = new float[2 * n];
    int i = 0;
    for (int label = 0; label < 10; label++) {
      for (int prediction = 0; prediction < 10; prediction++) {
        for (long c = 0; c < BASELINE[label][prediction]; c++) {
          b.accept(prediction, label);
        }
        for (long c = 0; c < w[label][prediction]; c++) {
          pairs[i++] = prediction;
          pairs[i++] = label;
        }
      }
    }
    ModelQualityResult baseline = b.result();
    return WindowEvaluator.modelQuality(TEN, baseline, pairs);
  }

  /** A result holding only {@code v}'s model quality. */
  private static WindowResult result(ModelQualityVerdict v) {
    return new WindowResult(
        null,
        null,
        null,
        null,
        v.figures(),
        v.violated() ? Set.of(ViolationKind.MODEL_QUALITY) : Set.of(),
        null,
        null,
        false,
        null);
  }

  /** The stored {@code modelQuality} document of {@code v}. */
  private static JsonNode json(ModelQualityVerdict v) {
    return WindowResultCodec.node(result(v)).path("modelQuality");
  }

  /** The evidence of {@code v}'s model-quality alert. */
  private static JsonNode evidence(ModelQualityVerdict v) {
    assertTrue(v.violated(), v.toString());
    return Json.parse(
            WindowResultCodec.evidence(ViolationKind.MODEL_QUALITY, result(v), v.violations()),
            "evidence")
        .node;
  }
}
