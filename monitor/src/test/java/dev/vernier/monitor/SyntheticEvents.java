package dev.vernier.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A synthetic 20-feature model for benchmarks and tests: feature j of a row is N(j / 10, 1) (plus a
 * shift), the label is 1 when the sum of the first two features is positive. Writes the baseline as
 * a label-first CSV and renders inference events as the JSON the monitor consumes.
 */
public final class SyntheticEvents {
  public static final int FEATURES = 20;

  private SyntheticEvents() {}

  /** Writes {@code rows} baseline rows (label first, then the features) to {@code file}. */
  public static void writeBaseline(Path file, int rows, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      float[] x = row(r, 0);
      sb.append(x[0] + x[1] > 0 ? 1 : 0);
      for (float v : x) {
        sb.append(',').append(v);
      }
      sb.append('\n');
    }
    Files.writeString(file, sb);
  }

  /** One row of features, every feature shifted by {@code shift}. */
  public static float[] row(Random r, double shift) {
    float[] x = new float[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      x[j] = (float) (j / 10.0 + r.nextGaussian() + shift);
    }
    return x;
  }

  /** An inference event's JSON. */
  public static String event(String model, String id, long time, float[] x, double prediction) {
    StringBuilder sb = new StringBuilder(300);
    sb.append("{\"model\":\"")
        .append(model)
        .append("\",\"inferenceId\":\"")
        .append(id)
        .append("\",\"eventTime\":")
        .append(time)
        .append(",\"features\":[");
    for (int j = 0; j < x.length; j++) {
      if (j > 0) {
        sb.append(',');
      }
      sb.append(x[j]);
    }
    return sb.append("],\"prediction\":").append(prediction).append('}').toString();
  }
}
