package dev.vernier.monitor.baseline;

import dev.vernier.core.data.Dataset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Small hand-made baselines shared by the tests. */
final class Baselines {
  static final float NAN = Float.NaN;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

  private Baselines() {}

  /**
   * Five rows: {@code x} = 1, 2, 3, 4, NaN; {@code y} = 7 everywhere; {@code color} codes 0, 1, 1,
   * NaN, 2 of red/green/blue; {@code empty} all NaN.
   */
  static Dataset small() {
    float[] f = {
      1, 7, 0, NAN, //
      2, 7, 1, NAN, //
      3, 7, 1, NAN, //
      4, 7, NAN, NAN, //
      NAN, 7, 2, NAN
    };
    return new Dataset("small", 5, 4, f, new float[] {0, 1, 1, 0, 1});
  }

  static Schema smallSchema() {
    return new Schema(
        List.of(
            FeatureSchema.numeric("x"),
            FeatureSchema.numeric("y"),
            FeatureSchema.categorical("color", List.of("red", "green", "blue")),
            FeatureSchema.numeric("empty")),
        null);
  }

  /** {@link #small()} with class predictions 0, 1, 1, 1, NaN and a model. */
  static Baseline smallBaseline() {
    return new BaselineBuilder(small(), CLOCK)
        .schema(smallSchema())
        .predictions(new double[] {0, 1, 1, 1, Double.NaN}, PredictionSchema.classes(2))
        .model("m-1", "linear-learner")
        .build();
  }
}
