package dev.vernier.monitor.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetReaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The baseline of Fashion-MNIST train (Debian's {@code dataset-fashion-mnist}, which CI installs).
 * Prints the build time and the JSON size; asserts facts, not speed.
 */
class FashionMnistBaselineTest {
  static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** What a baseline of 784 features may weigh as JSON: it lives in a database column. */
  static final int MAX_JSON_BYTES = 4 << 20;

  @Test
  void baselineOfFashionMnistTrain() {
    Path images = DIR.resolve("train-images-idx3-ubyte.gz");
    Path labels = DIR.resolve("train-labels-idx1-ubyte.gz");
    if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
      fail(
          images
              + " is missing: install Debian's dataset-fashion-mnist (apt-get install"
              + " dataset-fashion-mnist), as CI does");
    }
    Dataset d = DatasetReaders.read(images, labels);
    d.sha256(); // cached in the dataset: time the profiling alone below
    double[] predictions = new double[d.rows()];
    float[] y = d.labels();
    for (int i = 0; i < predictions.length; i++) {
      predictions[i] = y[i];
    }

    long t0 = System.nanoTime();
    Baseline b =
        new BaselineBuilder(d, Baselines.CLOCK)
            .predictions(predictions, PredictionSchema.classes(10))
            .build();
    long t1 = System.nanoTime();
    String json = BaselineCodec.write(b);
    long t2 = System.nanoTime();
    Baseline back = BaselineCodec.read(json);
    long t3 = System.nanoTime();
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    System.out.printf(
        "Fashion-MNIST train %dx%d: build %.0f ms, JSON %,d bytes, write %.0f ms, read %.0f ms%n",
        d.rows(), d.cols(), (t1 - t0) / 1e6, bytes, (t2 - t1) / 1e6, (t3 - t2) / 1e6);

    assertEquals(784, b.schema().size());
    assertEquals(60_000, b.provenance().rows());
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (FeatureProfile p : b.profiles()) {
      assertEquals(60_000, p.count());
      assertEquals(0, p.missing());
      min = Math.min(min, p.min());
      max = Math.max(max, p.max());
    }
    assertEquals(0.0, min, 0, "pixels are scaled to [0, 1]");
    assertEquals(1.0, max, 1e-6, "pixels are scaled to [0, 1]");
    NumericRange corner = b.constraints().feature(0).range();
    assertTrue(corner.min() >= 0 && corner.max() <= 1 + 1e-6, corner.toString());
    long[] classes = b.predictionProfile().categoryCounts();
    for (long c : classes) {
      assertEquals(6_000, c, "Fashion-MNIST train is balanced");
    }
    assertTrue(bytes < MAX_JSON_BYTES, bytes + " bytes of JSON");
    assertEquals(b, back);
  }
}
