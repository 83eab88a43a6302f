package dev.vernier.monitor.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.baseline.Constraints;
import dev.vernier.monitor.baseline.FeatureConstraint;
import dev.vernier.monitor.baseline.FeatureSchema;
import dev.vernier.monitor.baseline.NumericRange;
import dev.vernier.monitor.baseline.Schema;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataQualityTest {
  static final float NAN = Float.NaN;
  static final Schema SCHEMA =
      new Schema(
          List.of(
              FeatureSchema.numeric("x"),
              FeatureSchema.categorical("color", List.of("red", "green", "blue")),
              FeatureSchema.numeric("free")),
          null);
  static final Constraints CONSTRAINTS =
      new Constraints(
          List.of(
              FeatureConstraint.numeric("x", 0.9, new NumericRange(0, 10)),
              FeatureConstraint.categorical("color", 0.5, List.of("red", "green")),
              FeatureConstraint.numeric("free", 0, null)));

  /** Six crafted rows: each kind of problem once or twice. */
  static DataQuality crafted(DataQuality.Tolerances t) {
    DataQuality q = new DataQuality(SCHEMA, CONSTRAINTS, t);
    q.accept(new float[] {5, 0, 1e30f}); // fine; "free" has no range
    q.accept(new float[] {NAN, 1, 0}); // x missing
    q.accept(new float[] {NAN, 0, 0}, new int[] {0}); // x could not be parsed
    q.accept(new float[] {-1, 2, 0}); // x below; blue is not allowed
    q.accept(new float[] {11, -1, 0}); // x above; a category the schema does not know
    q.accept(new float[] {10, NAN, -1e30f}); // x on the bound; color missing
    return q;
  }

  @Test
  void countsMissingMismatchRangeAndUnseenSeparately() {
    DataQualityReport r = crafted(DataQuality.Tolerances.NONE).result();
    assertEquals(6, r.rows());
    assertEquals(new FeatureQuality("x", 6, 1, 1, 1, 1, 0), r.features().get(0));
    assertEquals(new FeatureQuality("color", 6, 1, 0, 0, 0, 2), r.features().get(1));
    assertEquals(new FeatureQuality("free", 6, 0, 0, 0, 0, 0), r.features().get(2));
    FeatureQuality x = r.features().get(0);
    assertEquals(5 / 6.0, x.completeness(), 1e-15, "a mismatched value is present");
    assertEquals(0.5, x.outOfRangeShare(), 0, "2 of the 4 valid values");
    assertEquals(0.4, r.features().get(1).unseenCategoryShare(), 0, "2 of 5 valid values");

    List<Violation> v = r.violations();
    assertEquals(4, v.size(), v.toString());
    assertEquals(
        new Violation("x", Check.COMPLETENESS, 5 / 6.0, 0.9, v.get(0).message()), v.get(0));
    assertEquals(
        "x: completeness 0.8333 is below the minimum 0.9000 (1 of 6 rows missing)",
        v.get(0).message());
    assertEquals(
        new Violation("x", Check.TYPE, 1, 0, "x: 1 of 6 values could not be read as numbers"),
        v.get(1));
    assertEquals(Check.RANGE, v.get(2).check());
    assertEquals(0.5, v.get(2).observed(), 0);
    assertEquals(
        "x: 2 of 4 values (50.00%) outside [0.0, 10.0] (1 below, 1 above); tolerated 0.00%",
        v.get(2).message());
    assertEquals(Check.CATEGORY, v.get(3).check());
    assertEquals("color", v.get(3).feature());
    assertEquals(0.4, v.get(3).observed(), 0);
  }

  @Test
  void tolerancesAllowAShareOfBadValues() {
    List<Violation> v = crafted(new DataQuality.Tolerances(0.5, 0.4)).result().violations();
    assertEquals(
        List.of(Check.COMPLETENESS, Check.TYPE), v.stream().map(Violation::check).toList());
    v = crafted(new DataQuality.Tolerances(0.49, 0.39)).result().violations();
    assertEquals(4, v.size());
    assertTrue(new DataQuality(SCHEMA, CONSTRAINTS).result().ok(), "no rows, no violations");
  }

  @Test
  void refusesRowsThatBreakTheContract() {
    DataQuality q = new DataQuality(SCHEMA, CONSTRAINTS);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> q.accept(new float[] {1, 0}));
    assertEquals("row: must hold one value per feature (3), got 2", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> q.accept(new float[] {1, 0, 0}, new int[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> q.accept(new float[] {NAN, 0, NAN}, new int[] {2, 0}));
    assertThrows(
        IllegalArgumentException.class, () -> q.accept(new float[] {NAN, 0, 0}, new int[] {3}));
    assertEquals(0, q.rows(), "a refused row counts nothing");
    assertThrows(
        InvalidInputException.class,
        () ->
            new DataQuality(
                SCHEMA,
                new Constraints(CONSTRAINTS.features().subList(0, 2)),
                DataQuality.Tolerances.NONE));
  }

  @Test
  void mergeEqualsOnePassAndStateRoundTrips() {
    Random rnd = new Random(11);
    DataQuality all = new DataQuality(SCHEMA, CONSTRAINTS);
    DataQuality[] parts = new DataQuality[3];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = new DataQuality(SCHEMA, CONSTRAINTS);
    }
    for (int i = 0; i < 3000; i++) {
      float[] row = {
        rnd.nextInt(20) == 0 ? NAN : (float) rnd.nextGaussian() * 4 + 5,
        rnd.nextInt(10) == 0 ? NAN : rnd.nextInt(4) - 1,
        (float) rnd.nextGaussian()
      };
      int[] mismatched = {};
      if (rnd.nextInt(50) == 0) {
        row[2] = NAN;
        mismatched = new int[] {2};
      }
      all.accept(row, mismatched);
      parts[rnd.nextInt(3)].accept(row, mismatched);
    }
    parts[0].merge(parts[1]);
    parts[0].merge(parts[2]);
    assertEquals(all.result(), parts[0].result());

    byte[] state = all.toBytes();
    assertTrue(state.length < 60, state.length + " bytes");
    DataQuality back =
        DataQuality.fromBytes(state, SCHEMA, CONSTRAINTS, DataQuality.Tolerances.NONE);
    assertEquals(all.result(), back.result());
    back.accept(new float[] {5, 0, 0});
    assertEquals(all.rows() + 1, back.rows());

    byte[] cut = java.util.Arrays.copyOf(state, state.length - 1);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> DataQuality.fromBytes(cut, SCHEMA, CONSTRAINTS, DataQuality.Tolerances.NONE));
    assertEquals("data quality state", e.field());
    assertThrows(
        InvalidInputException.class,
        () ->
            DataQuality.fromBytes(
                ModelQuality.regression().toBytes(),
                SCHEMA,
                CONSTRAINTS,
                DataQuality.Tolerances.NONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> all.merge(new DataQuality(SCHEMA, CONSTRAINTS, new DataQuality.Tolerances(0.1, 0))));
  }
}
