package dev.vernier.monitor.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.BaselineBuilder;
import dev.vernier.monitor.baseline.FeatureSchema;
import dev.vernier.monitor.baseline.PredictionSchema;
import dev.vernier.monitor.baseline.Schema;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.window.WindowData;
import dev.vernier.monitor.window.WindowState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * A small monitored model (three numeric features and a categorical one, a two-class classifier
 * with predictions) and windows of it: drifted with bad labels, healthy, and empty. Seeded.
 */
final class ResultFixture {
  static final int ROWS = 400;
  static final int COLS = 4;

  final MonitorModel model;

  ResultFixture(Path dir) throws IOException {
    Random rnd = new Random(7);
    float[] f = new float[ROWS * COLS];
    float[] labels = new float[ROWS];
    double[] predictions = new double[ROWS];
    StringBuilder csv = new StringBuilder();
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < 3; c++) {
        f[r * COLS + c] = (float) (rnd.nextGaussian() + c);
      }
      f[r * COLS + 3] = rnd.nextInt(3);
      labels[r] = f[r * COLS] > 0 ? 1 : 0;
      predictions[r] = rnd.nextDouble() < 0.9 ? labels[r] : 1 - labels[r];
      csv.append((int) labels[r]);
      for (int c = 0; c < COLS; c++) {
        csv.append(',').append(f[r * COLS + c]);
      }
      csv.append('\n');
    }
    Files.writeString(dir.resolve("train.csv"), csv);
    Dataset data = new Dataset("train", ROWS, COLS, f, labels);
    MonitorSpecParser parser =
        new MonitorSpecParser(new DataRoots(List.of(dir)), DriftMethods.names());
    ObjectNode json =
        (ObjectNode)
            Json.parse(
                    ("{'name':'golden','model':'m','baseline':{'path':'train.csv'},"
                            + "'drift':{'methods':['ks','psi','wasserstein'],'decision':'ks',"
                            + "'featureShare':0.3},'alerts':{'k':1,'n':2}}")
                        .replace('\'', '"'),
                    "spec")
                .node;
    MonitorSpec spec = parser.parse(json);
    Schema schema =
        new Schema(
            List.of(
                FeatureSchema.numeric("a"),
                FeatureSchema.numeric("b"),
                FeatureSchema.numeric("c"),
                FeatureSchema.categorical("color", List.of("red", "green", "blue"))),
            null);
    Baseline baseline =
        new BaselineBuilder(
                data, Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC))
            .schema(schema)
            .predictions(predictions, PredictionSchema.classes(2))
            .model("m-1", "linear-learner")
            .threads(1)
            .build();
    model = new MonitorModel("mon-golden", spec, baseline, data, predictions, 1);
  }

  static WindowRecord window(long start, int events) {
    return new WindowRecord(start, start + 60_000, WindowState.OPEN, events, null, null);
  }

  /**
   * A window of {@code rows}: features shifted by {@code shift} (feature a only, plus a value far
   * out of range in the first row when {@code outOfRange}), predictions flipped with probability
   * {@code flip}.
   */
  static WindowData data(long seed, int rows, double shift, boolean outOfRange, double flip) {
    Random rnd = new Random(seed);
    float[] f = new float[rows * COLS];
    float[] p = new float[rows];
    for (int r = 0; r < rows; r++) {
      f[r * COLS] = (float) (rnd.nextGaussian() + shift);
      f[r * COLS + 1] = (float) (rnd.nextGaussian() + 1 + shift);
      f[r * COLS + 2] = (float) (rnd.nextGaussian() + 2);
      f[r * COLS + 3] = rnd.nextInt(3);
      float label = f[r * COLS] > 0 ? 1 : 0;
      p[r] = rnd.nextDouble() < flip ? 1 - label : label;
    }
    if (outOfRange && rows > 0) {
      f[2] = 1e6f;
    }
    return new WindowData(rows, COLS, f, p, new int[0]);
  }

  /** {@code n} (prediction, label) pairs, a share {@code wrong} of them wrong. */
  static float[] labels(long seed, int n, double wrong) {
    Random rnd = new Random(seed);
    float[] pairs = new float[2 * n];
    for (int i = 0; i < n; i++) {
      float label = rnd.nextInt(2);
      pairs[2 * i + 1] = label;
      pairs[2 * i] = rnd.nextDouble() < wrong ? 1 - label : label;
    }
    return pairs;
  }
}
