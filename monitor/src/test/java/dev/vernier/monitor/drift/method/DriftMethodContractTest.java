package dev.vernier.monitor.drift.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.Threshold;
import dev.vernier.monitor.drift.stats.SortedSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DriftMethod} promises: known answers at the edges (identical samples give 0,
 * and p = 1 where there is a p-value; disjoint samples give the maximum and drift), one fit scoring
 * many windows from many threads with the same results, NaNs left out, the baseline copied, and bad
 * samples refused naming the sample. Samples are seeded; the one statistical test states its
 * false-failure rate.
 */
public abstract class DriftMethodContractTest {

  /** The method under test, a fresh instance. */
  abstract DriftMethod create();

  /**
   * The statistic for a baseline of 0s against a window of 1s (no value in common), or NaN when the
   * method's statistic has no upper bound (then it must merely exceed the default limit).
   */
  abstract double disjointStatistic();

  /** A sample of the kind the method compares; {@code shift} moves it. */
  double[] sample(SplittableRandom r, int n, double shift) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] =
          create().kind() == FeatureKind.NUMERIC
              ? r.nextGaussian() + shift
              : Math.min(4, Math.floor(Math.abs(r.nextGaussian() + shift) * 1.5));
    }
    return x;
  }

  @Test
  void isRegisteredUnderItsNameAndKind() {
    DriftMethod m = create();
    assertSame(m.getClass(), DriftMethods.byName(m.name()).getClass());
    assertTrue(DriftMethods.forKind(m.kind()).stream().anyMatch(x -> x.name().equals(m.name())));
    assertFalse(m.description().isBlank());
    assertNotNull(m.defaultThreshold());
    assertEquals(m.hasPValue(), m.defaultThreshold().usesPValue());
  }

  @Test
  void identicalSamplesScoreZero() {
    double[] b = sample(new SplittableRandom(1), 1500, 0);
    DriftScore s = create().fit(b).score(b.clone());
    assertEquals(0.0, s.statistic(), s.toString());
    assertFalse(s.drifted(), s.toString());
    assertEquals(create().name(), s.method());
    if (create().hasPValue()) {
      assertEquals(1.0, s.pValue(), s.toString());
    } else {
      assertTrue(Double.isNaN(s.pValue()), s.toString());
    }
  }

  @Test
  void disjointSamplesScoreTheMaximumAndDrift() {
    double[] zeros = new double[300];
    double[] ones = new double[200];
    Arrays.fill(ones, 1.0);
    DriftScore s = create().fit(zeros).score(ones);
    if (Double.isNaN(disjointStatistic())) {
      assertTrue(s.statistic() > s.threshold().value(), s.toString());
    } else {
      assertEquals(disjointStatistic(), s.statistic(), 1e-12, s.toString());
    }
    assertTrue(s.drifted(), s.toString());
    if (create().hasPValue()) {
      assertTrue(s.pValue() < 1e-30, s.toString());
    }
  }

  @Test
  void aShiftScoresMoreThanNoShift() {
    DriftMethod.Fitted f = create().fit(sample(new SplittableRandom(2), 2000, 0));
    DriftScore same = f.score(sample(new SplittableRandom(3), 1000, 0));
    DriftScore shifted = f.score(sample(new SplittableRandom(4), 1000, 1.0));
    assertTrue(shifted.statistic() > same.statistic(), same + " vs " + shifted);
    assertTrue(shifted.drifted(), shifted.toString());
  }

  /**
   * Under no drift a p-value method flags about alpha of the windows. 400 seeded trials at alpha =
   * 0.05 with at most 40 flagged: for a calibrated (or conservative) test the chance of more is
   * below 1e-6 (binomial tail), so a failure means a miscalibrated p-value, not bad luck.
   */
  @Test
  void pValuesAreCalibratedUnderNoDrift() {
    if (!create().hasPValue()) {
      return;
    }
    SplittableRandom r = new SplittableRandom(5);
    DriftMethod.Fitted f = create().fit(sample(r, 3000, 0));
    int flagged = 0;
    for (int t = 0; t < 400; t++) {
      if (f.score(sample(r, 300, 0)).pValue() < 0.05) {
        flagged++;
      }
    }
    assertTrue(flagged <= 40, flagged + " of 400 windows flagged at alpha 0.05");
  }

  @Test
  void oneFitScoresManyWindowsFromManyThreads() throws Exception {
    SplittableRandom r = new SplittableRandom(6);
    DriftMethod.Fitted f = create().fit(sample(r, 5000, 0));
    List<double[]> windows = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      windows.add(sample(r, 200 + 37 * i, i % 3 * 0.2));
    }
    List<DriftScore> sequential = windows.stream().map(f::score).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<DriftScore>>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t * 5;
        runs.add(
            pool.submit(
                () -> {
                  DriftScore[] out = new DriftScore[windows.size()];
                  for (int k = 0; k < windows.size(); k++) {
                    int i = (k + offset) % windows.size();
                    out[i] = f.score(windows.get(i));
                  }
                  return List.of(out);
                }));
      }
      for (Future<List<DriftScore>> run : runs) {
        assertEquals(sequential, run.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void missingValuesAreLeftOut() {
    SplittableRandom r = new SplittableRandom(7);
    double[] b = sample(r, 800, 0);
    double[] c = sample(r, 500, 0.5);
    DriftScore clean = create().fit(b).score(c);
    DriftScore withNaN = create().fit(sprinkleNaN(b, r)).score(sprinkleNaN(c, r));
    assertEquals(clean, withNaN);
  }

  private static double[] sprinkleNaN(double[] x, SplittableRandom r) {
    double[] out = new double[x.length + x.length / 5];
    int k = 0;
    for (int i = 0; i < x.length; i++) {
      if (r.nextInt(5) == 0 && out.length - k > x.length - i) {
        out[k++] = Double.NaN;
      }
      out[k++] = x[i];
    }
    while (k < out.length) {
      out[k++] = Double.NaN;
    }
    return out;
  }

  @Test
  void fitCopiesTheBaseline() {
    SplittableRandom r = new SplittableRandom(8);
    double[] b = sample(r, 600, 0);
    double[] c = sample(r, 400, 0.3);
    DriftMethod.Fitted f = create().fit(b);
    DriftScore before = f.score(c);
    Arrays.fill(b, 3.0);
    assertEquals(before, f.score(c));
  }

  @Test
  void emptyAndAllMissingSamplesAreRefusedNamingTheSample() {
    DriftMethod m = create();
    double[] ok = sample(new SplittableRandom(9), 50, 0);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> m.fit(new double[0]));
    assertEquals("baseline", e.field());
    e = assertThrows(InvalidInputException.class, () -> m.fit(new double[] {Double.NaN}));
    assertEquals("baseline", e.field());
    DriftMethod.Fitted f = m.fit(ok);
    e = assertThrows(InvalidInputException.class, () -> f.score(new double[0]));
    assertEquals("current", e.field());
    e = assertThrows(InvalidInputException.class, () -> f.score(new double[] {Double.NaN}));
    assertEquals("current", e.field());
    e =
        assertThrows(
            InvalidInputException.class, () -> f.score(new double[] {1, Double.POSITIVE_INFINITY}));
    assertEquals("current", e.field());
  }

  @Test
  void aThresholdOnAMissingPValueIsRefused() {
    DriftMethod m = create();
    SortedSample b = SortedSample.of("baseline", sample(new SplittableRandom(10), 100, 0));
    if (m.hasPValue()) {
      assertTrue(m.fit(b, Threshold.statisticAbove(0.5)).threshold().isResolved());
    } else {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> m.fit(b, Threshold.pValueBelow(0.05)));
      assertEquals(m.name() + ".threshold", e.field());
    }
  }
}
