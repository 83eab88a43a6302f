package dev.vernier.monitor.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.baseline.PredictionSchema;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelQualityTest {
  /**
   * Labels 0 0 1 1 2 2, predictions 0 1 1 1 2 0, four classes (class 3 never occurs). By hand:
   * class 0 precision 1/2 recall 1/2 F1 1/2; class 1 precision 2/3 recall 1 F1 4/5; class 2
   * precision 1 recall 1/2 F1 2/3; macro-F1 over the three classes that occur = 59/90.
   */
  @Test
  void classificationKnownAnswers() {
    ModelQuality q = ModelQuality.of(PredictionSchema.classes(4));
    q.acceptAll(new double[] {0, 1, 1, 1, 2, 0, Double.NaN}, new float[] {0, 0, 1, 1, 2, 2, 1});
    q.accept(3, Double.NaN);
    ClassificationQuality r = (ClassificationQuality) q.result();
    assertEquals(6, r.count());
    assertEquals(2, r.skipped());
    assertEquals(4 / 6.0, r.accuracy(), 1e-15);
    assertEquals(0.5, r.precision(0), 1e-15);
    assertEquals(2 / 3.0, r.precision(1), 1e-15);
    assertEquals(1.0, r.recall(1), 1e-15);
    assertEquals(0.5, r.recall(2), 1e-15);
    assertEquals(0.8, r.f1(1), 1e-15);
    assertEquals(0.0, r.precision(3), 0, "no predictions: 0, as zero_division=0");
    assertEquals(59 / 90.0, r.macroF1(), 1e-15);
    assertEquals(1, r.count(2, 0), "confusion[label][prediction]");
    assertEquals(2, r.count(1, 1));
    assertArrayEquals(new int[] {0, 1, 2}, r.present());
    // over classes {0, 1}: pairs 0->0 0->1 1->1 1->1 (the 2->0 is not a false positive of 0);
    // class 0 F1 = 2*1 / (2 + 1), class 1 F1 = 2*2 / (2 + 3)
    assertEquals(3 / 4.0, r.accuracy(new int[] {0, 1}), 1e-15);
    assertEquals((2 / 3.0 + 4 / 5.0) / 2, r.macroF1(new int[] {0, 1}), 1e-15);
    assertEquals(r.macroF1(), r.macroF1(r.present()), 1e-15, "no class is only predicted");
    assertTrue(Double.isNaN(r.accuracy(new int[] {3})));
    assertTrue(Double.isNaN(r.macroF1(new int[0])));
  }

  /**
   * Predictions 1 2 3 4, labels 1 3 2 6: errors 0 -1 1 -2, so RMSE = sqrt(6/4), MAE = 1, bias =
   * -1/2; labels have mean 3 and SS_tot = 14, so R² = 1 - 6/14.
   */
  @Test
  void regressionKnownAnswers() {
    ModelQuality q = ModelQuality.regression();
    q.acceptAll(new double[] {1, 2, 3, 4, Double.NaN}, new float[] {1, 3, 2, 6, 5});
    RegressionQuality r = (RegressionQuality) q.result();
    assertEquals(4, r.count());
    assertEquals(1, r.skipped());
    assertEquals(Math.sqrt(1.5), r.rmse(), 1e-15);
    assertEquals(1.0, r.mae(), 1e-15);
    assertEquals(-0.5, r.bias(), 1e-15);
    assertEquals(1 - 6 / 14.0, r.r2(), 1e-15);
    assertTrue(Double.isNaN(((RegressionQuality) ModelQuality.regression().result()).rmse()));
  }

  @Test
  void refusesWhatIsNotAClassIndex() {
    ModelQuality q = ModelQuality.classification(3);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> q.accept(3, 0));
    assertEquals("prediction: must be a class index between 0 and 2, got 3.0", e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> q.accept(1, 0.5));
    assertEquals("label", e.field());
    assertThrows(
        InvalidInputException.class,
        () -> ModelQuality.regression().accept(Double.POSITIVE_INFINITY, 1));
    assertEquals(0, q.result().count());
  }

  @Test
  void mergeEqualsOnePassAndStateRoundTrips() {
    Random rnd = new Random(5);
    ModelQuality cAll = ModelQuality.classification(5);
    ModelQuality rAll = ModelQuality.regression();
    ModelQuality[] c = {ModelQuality.classification(5), ModelQuality.classification(5)};
    ModelQuality[] r = {ModelQuality.regression(), ModelQuality.regression()};
    for (int i = 0; i < 5000; i++) {
      int label = rnd.nextInt(5);
      int prediction = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : label;
      double y = 1000 + rnd.nextGaussian();
      double p = rnd.nextInt(100) == 0 ? Double.NaN : y + 0.3 * rnd.nextGaussian();
      int part = rnd.nextInt(2);
      cAll.accept(prediction, label);
      c[part].accept(prediction, label);
      rAll.accept(p, y);
      r[part].accept(p, y);
    }
    c[0].merge(c[1]);
    r[0].merge(r[1]);
    assertEquals(cAll.result(), c[0].result(), "counts merge exactly");
    RegressionQuality one = (RegressionQuality) rAll.result();
    RegressionQuality merged = (RegressionQuality) r[0].result();
    assertEquals(one.count(), merged.count());
    assertEquals(one.skipped(), merged.skipped());
    assertEquals(one.rmse(), merged.rmse(), 1e-12 * one.rmse());
    assertEquals(one.mae(), merged.mae(), 1e-12 * one.mae());
    assertEquals(one.r2(), merged.r2(), 1e-9);

    byte[] cs = cAll.toBytes();
    assertTrue(cs.length < 5 + 2 + 25 * 3 + 4, cs.length + " bytes");
    assertEquals(cAll.result(), ModelQuality.fromBytes(cs).result());
    assertEquals(rAll.result(), ModelQuality.fromBytes(rAll.toBytes()).result());
    assertThrows(IllegalArgumentException.class, () -> cAll.merge(ModelQuality.classification(4)));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> ModelQuality.fromBytes(new byte[] {1, 2, 3}));
    assertEquals("model quality state", e.field());
  }

  @Test
  void compareFlagsDropsBeyondTheTolerance() {
    ClassificationQuality base = classifier(90, 100); // accuracy 0.90
    ModelTolerance t = new ModelTolerance(0.05, 0.05, 0.1, 0.1, 30);
    assertEquals(List.of(), ModelQuality.compare(base, classifier(86, 100), t));
    List<ModelViolation> v = ModelQuality.compare(base, classifier(80, 100), t);
    assertEquals(ModelMetric.ACCURACY, v.get(0).metric());
    assertEquals(0.9, v.get(0).baseline(), 1e-15);
    assertEquals(0.8, v.get(0).observed(), 1e-15);
    assertEquals(0.85, v.get(0).limit(), 1e-15);
    assertEquals(List.of(0, 1), v.get(0).classes());
    assertEquals(
        "accuracy over all 2 classes: 0.8000, down from the baseline's 0.9000 on the same classes"
            + " at the window's class mix (10.0 points; tolerated 5.0)",
        v.get(0).message());
    assertEquals(ModelMetric.MACRO_F1, v.get(1).metric());
    assertEquals(List.of(), ModelQuality.compare(base, classifier(10, 20), t), "too few pairs");

    RegressionQuality rb = new RegressionQuality(100, 0, 1.0, 0.8, 0.9, 0);
    List<ModelViolation> rv =
        ModelQuality.compare(rb, new RegressionQuality(100, 0, 1.2, 0.85, 0.8, 0), t);
    assertEquals(1, rv.size());
    assertEquals(ModelMetric.RMSE, rv.get(0).metric());
    assertEquals(List.of(), rv.get(0).classes());
    assertEquals(1.1, rv.get(0).limit(), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> ModelQuality.compare(base, rb, t));
  }

  /**
   * Issue 11: footwear-only traffic (three of ten classes) at the model's per-class performance
   * raised "macro-F1 dropped from 0.84 to 0.54", macro-F1 over every class seen counting the
   * classes only predicted with F1 0. Over the classes present, against the baseline's on them, the
   * figures are equal, whatever the counts of the three classes.
   */
  @Test
  void threeClassesPerformingAsOnTheBaselineAreNoDrop() {
    ClassificationQuality base = tenClasses(100, 80, 10, 10);
    long[][] w = new long[10][10];
    int[] factor = {0, 0, 0, 0, 0, 1, 0, 2, 0, 3};
    long[][] b = base.confusion();
    for (int k = 0; k < 10; k++) {
      for (int j = 0; j < 10; j++) {
        w[k][j] = factor[k] * b[k][j];
      }
    }
    ClassificationQuality window = new ClassificationQuality(0, w);
    assertTrue(
        window.macroF1() < base.macroF1() - 0.3,
        "the figure the issue saw: " + window.macroF1() + " vs " + base.macroF1());

    MatchedClasses m = MatchedClasses.of(base, window);
    assertEquals(List.of(5, 7, 9), m.classes());
    assertEquals(List.of(), m.unmatched());
    assertEquals(600, m.count());
    assertEquals(m.baselineAccuracy(), m.accuracy(), 1e-12);
    assertEquals(m.baselineMacroF1(), m.macroF1(), 1e-12);
    assertEquals(0.8, m.accuracy(), 1e-12);
    assertEquals(List.of(), ModelQuality.compare(base, window, ModelTolerance.DEFAULT));
  }

  @Test
  void aPresentClassWhoseRecallFallsIsADropNamingTheClassesCompared() {
    ClassificationQuality base = tenClasses(100, 80, 10, 10);
    long[][] w = new long[10][10];
    long[][] b = base.confusion();
    w[5] = b[5];
    w[7] = b[7];
    w[9][9] = 40; // recall 0.8 -> 0.4
    w[9][1] = 60;
    List<ModelViolation> v =
        ModelQuality.compare(base, new ClassificationQuality(0, w), ModelTolerance.DEFAULT);
    assertEquals(2, v.size(), v.toString());
    assertEquals(ModelMetric.ACCURACY, v.get(0).metric());
    assertEquals(0.8, v.get(0).baseline(), 1e-12);
    assertEquals(200 / 300.0, v.get(0).observed(), 1e-12);
    assertEquals(List.of(5, 7, 9), v.get(0).classes());
    assertEquals(
        "accuracy over classes {5, 7, 9} present in the window: 0.6667, down from the baseline's"
            + " 0.8000 on the same classes at the window's class mix (13.3 points; tolerated 5.0)",
        v.get(0).message());
    assertEquals(ModelMetric.MACRO_F1, v.get(1).metric());
    assertTrue(v.get(1).message().startsWith("macro-F1 over classes {5, 7, 9} present"));
  }

  /**
   * The baseline's figure is taken at the window's class mix: a window of mostly the hardest
   * present class, each class as good as on the baseline, is no drop (the baseline's accuracy over
   * the same classes at its own mix, 0.77, would be 20 points above the window's 0.57).
   */
  @Test
  void aChangeOfMixAmongThePresentClassesIsNoDrop() {
    long[][] b = tenClasses(100, 90, 5, 5).confusion();
    b[9] = new long[] {0, 25, 25, 0, 0, 0, 0, 0, 0, 50};
    ClassificationQuality base = new ClassificationQuality(0, b);
    long[][] w = new long[10][10];
    w[5][5] = 18;
    w[5][7] = 1;
    w[5][8] = 1;
    w[7][7] = 18;
    w[7][9] = 1;
    w[7][0] = 1;
    w[9] = new long[] {0, 50, 50, 0, 0, 0, 0, 0, 0, 100};
    ClassificationQuality window = new ClassificationQuality(0, w);
    assertEquals(230 / 300.0, base.accuracy(new int[] {5, 7, 9}), 1e-12);
    MatchedClasses m = MatchedClasses.of(base, window);
    assertEquals(136 / 240.0, m.accuracy(), 1e-12);
    assertEquals(m.accuracy(), m.baselineAccuracy(), 1e-12);
    assertEquals(m.macroF1(), m.baselineMacroF1(), 1e-12);
    assertEquals(List.of(), ModelQuality.compare(m, ModelTolerance.DEFAULT));
  }

  /** A class the baseline never labelled has no baseline figure: left out of both sides, named. */
  @Test
  void aClassTheBaselineNeverSawIsLeftOutAndNamed() {
    long[][] b = tenClasses(100, 80, 10, 10).confusion();
    b[3] = new long[10];
    ClassificationQuality base = new ClassificationQuality(0, b);
    long[][] w = new long[10][10];
    w[3][3] = 1;
    w[3][5] = 50; // all wrong, and would be false positives of 5
    w[5] = b[5];
    MatchedClasses m = MatchedClasses.of(base, new ClassificationQuality(0, w));
    assertEquals(List.of(5), m.classes());
    assertEquals(List.of(3), m.unmatched());
    assertEquals(100, m.count());
    assertEquals(m.baselineMacroF1(), m.macroF1(), 1e-12);
    assertEquals(
        "over class {5} present in the window ({3} also present, never labelled in the baseline)",
        m.describe());
  }

  /**
   * Ten classes of {@code n} labels each; of class k, {@code correct} right, {@code a} predicted k
   * + 2 and {@code c} predicted k + 3 (mod 10), so classes 5, 7 and 9 confuse one another a little.
   */
  private static ClassificationQuality tenClasses(int n, int correct, int a, int c) {
    long[][] m = new long[10][10];
    for (int k = 0; k < 10; k++) {
      m[k][k] = correct;
      m[k][(k + 2) % 10] = a;
      m[k][(k + 3) % 10] = c;
      assertEquals(n, correct + a + c);
    }
    return new ClassificationQuality(0, m);
  }

  /** Two balanced classes, {@code correct} of {@code n} right. */
  private static ClassificationQuality classifier(int correct, int n) {
    ModelQuality q = ModelQuality.classification(2);
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      q.accept(i < correct ? label : 1 - label, label);
    }
    return (ClassificationQuality) q.result();
  }
}
