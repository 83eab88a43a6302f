package dev.vernier.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftAnalysisTest {

  /**
   * Rows of 37 columns: numeric ones shifted by {@code shift} in every third column, column 5
   * codes.
   */
  static Dataset data(long seed, int rows, double shift) {
    SplittableRandom r = new SplittableRandom(seed);
    int cols = 37;
    float[] f = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double v =
            j == 5
                ? Math.min(3, Math.floor(Math.abs(r.nextGaussian() + shift) * 1.5))
                : r.nextGaussian() * (1 + j) + (j % 3 == 0 ? shift * (1 + j) : 0);
        f[i * cols + j] = (float) v;
      }
    }
    return new Dataset("data-" + seed, rows, cols, f, null);
  }

  @Test
  void scoresEveryColumnLikeTheMethodsDoOneByOne() {
    Dataset b = data(1, 3000, 0);
    Dataset c = data(2, 700, 0.5);
    DriftResults r = DriftAnalysis.builder().threads(3).categorical(5).build().fit(b).score(c);
    assertEquals(37, r.features().size());
    assertEquals(3000, r.baselineRows());
    assertEquals(700, r.currentRows());
    for (FeatureDrift f : r.features()) {
      int j = f.index();
      assertEquals("f" + j, f.name());
      assertEquals(j == 5 ? FeatureKind.CATEGORICAL : FeatureKind.NUMERIC, f.kind());
      double[] bj = column(b, j);
      double[] cj = column(c, j);
      List<DriftMethod> expected = DriftMethods.forKind(f.kind());
      assertEquals(expected.size(), f.scores().size());
      for (DriftMethod m : expected) {
        assertEquals(
            m.fit(bj).score(cj), f.score(m.name()).orElseThrow(), f.name() + " " + m.name());
      }
    }
    assertTrue(r.driftedShare("ks") > 0.3, "every third column is shifted");
    assertEquals(1, r.applicable("chi2"));
  }

  @Test
  void threadsDoNotChangeTheResults() {
    Dataset b = data(3, 2000, 0);
    Dataset c = data(4, 500, 0.2);
    DriftAnalysis one =
        DriftAnalysis.builder().threads(1).correction(MultipleTesting.BENJAMINI_HOCHBERG).build();
    DriftAnalysis four =
        DriftAnalysis.builder().threads(4).correction(MultipleTesting.BENJAMINI_HOCHBERG).build();
    assertEquals(one.fit(b).score(c).features(), four.fit(b).score(c).features());
  }

  @Test
  void theCorrectionChangesOnlyPValueDecisions() {
    Dataset b = data(5, 2000, 0);
    Dataset c = data(6, 400, 0.1);
    DriftResults none = DriftAnalysis.builder().build().fit(b).score(c);
    DriftResults bonf =
        DriftAnalysis.builder().correction(MultipleTesting.BONFERRONI).build().fit(b).score(c);
    assertEquals(MultipleTesting.BONFERRONI, bonf.correction());
    double[] p =
        none.features().stream()
            .flatMap(f -> f.score("ks").stream())
            .mapToDouble(DriftScore::pValue)
            .toArray();
    boolean[] expected = MultipleTesting.BONFERRONI.apply(p, 0.05);
    int k = 0;
    for (int j = 0; j < none.features().size(); j++) {
      FeatureDrift n = none.features().get(j);
      FeatureDrift f = bonf.features().get(j);
      for (DriftScore s : n.scores()) {
        DriftScore t = f.score(s.method()).orElseThrow();
        assertEquals(s.statistic(), t.statistic());
        assertEquals(s.pValue(), t.pValue());
        if (s.method().equals("ks")) {
          assertEquals(expected[k++], t.drifted(), f.name());
        } else if (!s.hasPValue()) {
          assertEquals(s.drifted(), t.drifted());
        }
      }
    }
  }

  @Test
  void aWindowWithOtherColumnsIsRefusedNamingBothCounts() {
    DriftAnalysis.Baseline fitted = DriftAnalysis.builder().build().fit(data(7, 100, 0));
    Dataset other = new Dataset("other", 2, 3, new float[6], null);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> fitted.score(other));
    assertEquals("current", e.field());
    assertTrue(
        e.getMessage().contains("37") && e.getMessage().contains("3 columns"), e.getMessage());
  }

  @Test
  void settingsAreChecked() {
    assertEquals(
        "threads",
        assertThrows(InvalidInputException.class, () -> DriftAnalysis.builder().threads(0))
            .field());
    assertEquals(
        "method",
        assertThrows(
                InvalidInputException.class,
                () -> DriftAnalysis.builder().methodNames(List.of("ks", "nope")))
            .field());
    DriftAnalysis a = DriftAnalysis.builder().featureNames(List.of("a", "b")).build();
    assertEquals(
        "featureNames",
        assertThrows(InvalidInputException.class, () -> a.fit(data(8, 10, 0))).field());
  }

  static double[] column(Dataset d, int j) {
    double[] x = new double[d.rows()];
    for (int i = 0; i < x.length; i++) {
      x[i] = d.feature(i, j);
    }
    return x;
  }
}
