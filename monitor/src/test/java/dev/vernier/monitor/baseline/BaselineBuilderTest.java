package dev.vernier.monitor.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.Version;
import dev.vernier.core.data.Dataset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.datasketches.kll.KllSketch;
import org.junit.jupiter.api.Test;

class BaselineBuilderTest {
  @Test
  void profilesASmallDatasetExactly() {
    Baseline b = Baselines.smallBaseline();

    FeatureProfile x = b.profile("x");
    assertEquals(4, x.count());
    assertEquals(1, x.missing());
    assertEquals(0.8, x.completeness(), 0);
    assertEquals(2.5, x.mean(), 0);
    assertEquals(Math.sqrt(1.25), x.std(), 1e-15, "population std, numpy's ddof=0");
    assertEquals(1, x.min(), 0);
    assertEquals(4, x.max(), 0);
    assertEquals(1, x.quantile(0), 0);
    assertEquals(2, x.quantile(0.5), 0, "below k values the sketch is exact");
    assertEquals(4, x.quantile(1), 0);
    assertEquals(0.5, x.rank(2), 0);

    FeatureProfile y = b.profile("y");
    assertEquals(5, y.count());
    assertEquals(0, y.std(), 0);
    assertEquals(new Histogram(7, 7, new long[] {5}), y.histogram());

    FeatureProfile color = b.profile("color");
    assertEquals(FeatureType.CATEGORICAL, color.type());
    assertArrayEquals(new long[] {1, 2, 1}, color.categoryCounts());
    assertEquals(1, color.missing());
    assertNull(color.histogram());
    assertThrows(InvalidInputException.class, () -> color.quantile(0.5));

    FeatureProfile empty = b.profile("empty");
    assertEquals(0, empty.count());
    assertEquals(5, empty.missing());
    assertTrue(Double.isNaN(empty.mean()) && Double.isNaN(empty.quantile(0.5)));
    assertNull(empty.histogram());
  }

  @Test
  void histogramHasTwentyEqualBinsWithNumpysEdges() {
    // 0..99: numpy.histogram(range(100), bins=20) puts 5 in each bin, 99 in the closed last one.
    float[] f = new float[100];
    for (int i = 0; i < f.length; i++) {
      f[i] = i;
    }
    Histogram h = build(new Dataset("ramp", 100, 1, f, null)).profile(0).histogram();
    assertEquals(FeatureProfile.HISTOGRAM_BINS, h.bins());
    assertEquals(0, h.lo(), 0);
    assertEquals(99, h.hi(), 0);
    assertEquals(4.95, h.edge(1), 1e-12);
    long[] expected = new long[20];
    java.util.Arrays.fill(expected, 5);
    assertArrayEquals(expected, h.counts());
  }

  /**
   * 100,000 uniform values: each decile's true rank is within 2ε of the asked rank, where ε =
   * {@link KllSketch#getNormalizedRankError(int, boolean)} for k = 200 (≈ 0.0133, the
   * 99%-confidence single-sided bound). KLL's rank error is close to Gaussian, so ε ≈ 2.6σ and 2ε ≈
   * 5σ: with a fresh seed the 9 checks would fail together with probability below 1e-5; the seed is
   * fixed, so the test is deterministic.
   */
  @Test
  void quantilesAreWithinTheSketchRankError() {
    int n = 100_000;
    Random rnd = new Random(42);
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = rnd.nextFloat();
    }
    FeatureProfile p = build(new Dataset("uniform", n, 1, f, null)).profile(0);
    float[] sorted = f.clone();
    java.util.Arrays.sort(sorted);
    double eps = KllSketch.getNormalizedRankError(FeatureProfile.SKETCH_K, false);
    assertEquals(0.0133, eps, 0.001);
    for (int d = 1; d <= 9; d++) {
      double rank = d / 10.0;
      float q = (float) p.quantile(rank);
      double trueRank = upperBound(sorted, q) / (double) n;
      assertEquals(rank, trueRank, 2 * eps, "decile " + d + " = " + q);
    }
    assertEquals(sorted[0], p.min(), 0);
    assertEquals(sorted[n - 1], p.max(), 0);
    long total = 0;
    for (long c : p.histogram().counts()) {
      total += c;
    }
    assertEquals(n, total, 20, "estimated bin counts add up to n up to rounding");
  }

  @Test
  void momentsStayExactWithALargeMeanAcrossBlocks() {
    int n = 10 * BaselineBuilder.BLOCK + 7;
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = 1e6f + (i % 10) * 0.125f;
    }
    double mean = 0;
    for (float v : f) {
      mean += v;
    }
    mean /= n;
    double ss = 0;
    for (float v : f) {
      ss += (v - mean) * (v - mean);
    }
    FeatureProfile p = build(new Dataset("offset", n, 1, f, null)).profile(0);
    assertEquals(mean, p.mean(), 1e-9);
    assertEquals(Math.sqrt(ss / n), p.std(), 1e-9);
  }

  @Test
  void recordsProvenanceAndPredictions() {
    Baseline b = Baselines.smallBaseline();
    BaselineProvenance v = b.provenance();
    assertEquals("small", v.datasetName());
    assertEquals(Baselines.small().sha256(), v.datasetSha256());
    assertEquals(5, v.rows());
    assertEquals("m-1", v.modelId());
    assertEquals("linear-learner", v.modelAlgorithm());
    assertEquals(Version.get(), v.vernierVersion());
    assertEquals(Baselines.CLOCK.instant(), v.createdAt());
    assertEquals(PredictionSchema.classes(2), b.schema().prediction());
    assertArrayEquals(new long[] {1, 3}, b.predictionProfile().categoryCounts());
    assertEquals(1, b.predictionProfile().missing());

    Baseline r =
        new BaselineBuilder(Baselines.small(), Baselines.CLOCK)
            .predictions(new double[] {0.5, 1.5, 2.5, 3.5, 4.5}, PredictionSchema.numeric())
            .build();
    assertEquals(2.5, r.predictionProfile().mean(), 0);
    assertEquals(2.5, r.predictionProfile().quantile(0.5), 0);
    assertNull(r.provenance().modelId());
    assertEquals("f2", r.schema().feature(2).name(), "numeric f0.. by default");
  }

  @Test
  void infersCategoricalColumnsFromCodes() {
    Schema s = Schema.infer(Baselines.small(), List.of("x", "y", "c", "e"), Set.of(2));
    assertEquals(FeatureSchema.categorical("c", List.of("0", "1", "2")), s.feature(2));
    assertEquals(FeatureType.NUMERIC, s.feature(0).type());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Schema.infer(Baselines.small(), null, Set.of(0, 5)));
    assertEquals("categorical columns", e.field());
  }

  @Test
  void refusesBadValuesNamingRowAndColumn() {
    float[] f = new float[200];
    f[150] = Float.POSITIVE_INFINITY;
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> build(new Dataset("d", 100, 2, f, null)));
    assertEquals("d row 76 column f0", e.field());
    assertTrue(e.rule().contains("finite"), e.getMessage());

    float[] g = {0, 1, 3, 1};
    Schema s = new Schema(List.of(FeatureSchema.categorical("c", List.of("a", "b", "c"))), null);
    e =
        assertThrows(
            InvalidInputException.class,
            () ->
                new BaselineBuilder(new Dataset("d", 4, 1, g, null), Baselines.CLOCK)
                    .schema(s)
                    .build());
    assertEquals("d row 3 column c", e.field());
    assertEquals("must be a category code between 0 and 2, got 3.0", e.getMessage().split(": ")[1]);

    e =
        assertThrows(
            InvalidInputException.class,
            () ->
                new BaselineBuilder(Baselines.small(), Baselines.CLOCK)
                    .predictions(new double[] {0, 1, 2, 0, 1}, PredictionSchema.classes(2))
                    .build());
    assertEquals("predictions row 3", e.field());
    assertTrue(e.rule().contains("class index between 0 and 1"), e.rule());
  }

  @Test
  void threadsSplitColumnsWithoutChangingTheProfiles() {
    int rows = 1000;
    int cols = 96;
    Random rnd = new Random(7);
    float[] f = new float[rows * cols];
    for (int i = 0; i < f.length; i++) {
      f[i] = rnd.nextInt(10) == 0 ? Float.NaN : (float) rnd.nextGaussian() * (i % cols);
    }
    Dataset d = new Dataset("wide", rows, cols, f, null);
    Baseline one = new BaselineBuilder(d, Baselines.CLOCK).threads(1).build();
    Baseline three = new BaselineBuilder(d, Baselines.CLOCK).threads(3).build();
    for (int c = 0; c < cols; c++) {
      FeatureProfile a = one.profile(c);
      FeatureProfile b = three.profile(c);
      assertEquals(a.count(), b.count());
      assertEquals(a.missing(), b.missing());
      assertEquals(a.mean(), b.mean(), 0);
      assertEquals(a.std(), b.std(), 0);
      assertEquals(a.max(), b.max(), 0);
    }
    assertEquals(one.constraints(), three.constraints());

    f[500 * cols + 90] = Float.NEGATIVE_INFINITY; // in the third thread's columns
    f[700 * cols + 3] = Float.POSITIVE_INFINITY; // in the first thread's, later
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new BaselineBuilder(d, Baselines.CLOCK).threads(3).build());
    assertEquals("wide row 501 column f90", e.field(), "the first bad value in row-major order");
  }

  private static Baseline build(Dataset d) {
    return new BaselineBuilder(d, Baselines.CLOCK).build();
  }

  /** The number of values {@code <= q}. */
  private static int upperBound(float[] sorted, float q) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= q) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
