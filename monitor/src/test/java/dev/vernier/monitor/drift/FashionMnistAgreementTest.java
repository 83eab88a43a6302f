package dev.vernier.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetReaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agreement with the scipy peer ({@code drift_reference.py --spaces pixels --dump}) on all 784
 * Fashion-MNIST pixels: train images as the baseline against the test images unchanged, dimmed by
 * 0.8 (in float32), and restricted to footwear. The peer's per-feature arrays are the {@code
 * drift/pixels__*.npz} resources; the data is read by our {@link DatasetReaders} from {@value #DIR}
 * (the Debian package {@code dataset-fashion-mnist}, which CI installs). Tolerances: {@link
 * Agreement}.
 */
class FashionMnistAgreementTest {
  static final String DIR = "/usr/share/datasets/fashion-mnist";

  private static Dataset train;
  private static Dataset test;
  private static DriftAnalysis.Baseline baseline;

  @BeforeAll
  static void fit() {
    Path dir = Path.of(DIR);
    assertTrue(
        Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz")),
        "Fashion-MNIST is missing from "
            + DIR
            + "; install it with `apt-get install dataset-fashion-mnist`");
    train = DatasetReaders.read(dir.resolve("train-images-idx3-ubyte.gz"), null);
    test =
        DatasetReaders.read(
            dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
    baseline =
        DriftAnalysis.builder()
            .methodNames(java.util.List.of("ks", "psi", "js", "wasserstein"))
            .threads(2)
            .build()
            .fit(train);
  }

  @Test
  void unchangedTestSet() throws IOException {
    check("a_test", test);
  }

  @Test
  void dimmedTestSet() throws IOException {
    float[] f = test.features().clone();
    for (int i = 0; i < f.length; i++) {
      f[i] = f[i] * 0.8f;
    }
    check("b_brightness08", new Dataset("test*0.8", test.rows(), test.cols(), f, null));
  }

  @Test
  void footwearOnly() throws IOException {
    float[] labels = test.labels();
    int[] rows =
        IntStream.range(0, test.rows())
            .filter(i -> labels[i] == 5 || labels[i] == 7 || labels[i] == 9)
            .toArray();
    check("c_footwear", test.select(rows, "footwear"));
  }

  private static void check(String scenario, Dataset current) throws IOException {
    Map<String, double[]> ref;
    try (InputStream in =
        FashionMnistAgreementTest.class.getResourceAsStream(
            "/drift/pixels__" + scenario + ".npz")) {
      assertNotNull(in, "drift/pixels__" + scenario + ".npz is missing from the test resources");
      ref = Npz.read(in);
    }
    DriftResults r = baseline.score(current);
    assertEquals(784, r.features().size());
    for (FeatureDrift f : r.features()) {
      int j = f.index();
      String at = scenario + " pixel " + j;
      DriftScore ks = f.score("ks").orElseThrow();
      Agreement.statistic(ref.get("ks_stat")[j], ks.statistic(), at + " ks statistic");
      Agreement.pValue(ref.get("ks_p")[j], ks.pValue(), at + " ks p-value");
      Agreement.statistic(ref.get("psi")[j], f.score("psi").orElseThrow().statistic(), at + " psi");
      Agreement.statistic(ref.get("js")[j], f.score("js").orElseThrow().statistic(), at + " js");
      Agreement.statistic(
          ref.get("wasserstein")[j],
          f.score("wasserstein").orElseThrow().statistic(),
          at + " wasserstein");
    }
  }
}
