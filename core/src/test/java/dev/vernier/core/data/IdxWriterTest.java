package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxWriterTest {
  @TempDir Path dir;

  @Test
  void roundTripsFeaturesAndLabelsThroughTheReader() {
    float[] x = {0.5f, -1f, 3.25f, 0f, 1e-7f, 255f};
    float[] y = {1f, 7f};
    IdxWriter.writeFeatures(dir.resolve("x.idx"), 2, 3, x);
    IdxWriter.writeLabels(dir.resolve("y.idx"), y);
    Dataset d = DatasetReaders.read(dir.resolve("x.idx"), dir.resolve("y.idx"));
    assertEquals(2, d.rows());
    assertEquals(3, d.cols());
    assertArrayEquals(x, d.features());
    assertArrayEquals(y, d.labels());
  }
}
