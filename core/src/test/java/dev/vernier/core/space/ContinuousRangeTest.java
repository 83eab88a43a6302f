package dev.vernier.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContinuousRangeTest extends ParameterRangeContractTest {

  @Override
  List<ParameterRange> ranges() {
    return List.of(
        ContinuousRange.linear(-3, 7),
        ContinuousRange.linear(0, 1),
        ContinuousRange.linear(-1e6, 1e6),
        ContinuousRange.linear(2.5, 2.5),
        ContinuousRange.log(1e-6, 1),
        ContinuousRange.log(1, 1e6),
        ContinuousRange.log(0.5, 0.5),
        new ContinuousRange(0, 0.999, Scaling.REVERSE_LOGARITHMIC),
        new ContinuousRange(0.9, 0.99999, Scaling.REVERSE_LOGARITHMIC),
        new ContinuousRange(1e-4, 1e-1, Scaling.AUTO),
        // without the final clamp in fromUnit, rounding lands outside these bounds at u = 0 or 1
        ContinuousRange.log(1e-3, 10),
        ContinuousRange.log(0.1, 3),
        ContinuousRange.linear(-3.2568365073295134, 0.0940173917488018),
        new ContinuousRange(0.36020358188653395, 0.6399398176412541, Scaling.REVERSE_LOGARITHMIC));
  }

  @Override
  Class<?> valueType() {
    return Double.class;
  }

  @Override
  Object wrongType() {
    return "0.5";
  }

  /** Bounds, 100 values uniform on the range and 100 uniform on the range's own scale. */
  @Override
  List<Object> values(ParameterRange r, SplittableRandom rnd) {
    ContinuousRange c = (ContinuousRange) r;
    List<Object> out = new ArrayList<>(List.of(c.min(), c.max()));
    for (int i = 0; i < 100; i++) {
      out.add(c.min() + rnd.nextDouble() * (c.max() - c.min()));
      out.add(c.fromUnit(rnd.nextDouble()));
    }
    return out;
  }

  /** Within 1e-9 relative to the value (or to the range's width for values near zero). */
  @Override
  void assertRoundTrip(ParameterRange r, Object expected, Object actual) {
    ContinuousRange c = (ContinuousRange) r;
    double e = (Double) expected;
    double a = (Double) actual;
    double tol = 1e-9 * Math.max(Math.abs(e), 1e-3 * (c.max() - c.min()));
    assertEquals(e, a, tol, c.describe());
  }

  @Test
  void linearScaleIsLinear() {
    ContinuousRange r = ContinuousRange.linear(-3, 7);

    assertEquals(-3.0, r.fromUnit(0));
    assertEquals(2.0, r.fromUnit(0.5));
    assertEquals(7.0, r.fromUnit(1));
    assertEquals(0.3, r.toUnit(0.0), 1e-15);
  }

  @Test
  void logScaleIsGeometric() {
    ContinuousRange r = ContinuousRange.log(1e-4, 1);

    assertEquals(1e-4, (Double) r.fromUnit(0), 1e-19);
    assertEquals(1e-2, (Double) r.fromUnit(0.5), 1e-14);
    assertEquals(1e-3, (Double) r.fromUnit(0.25), 1e-15);
    assertEquals(1.0, (Double) r.fromUnit(1), 1e-15);
    assertEquals(0.75, r.toUnit(0.1), 1e-12);
  }

  @Test
  void reverseLogScaleIsGeometricInOneMinusValue() {
    ContinuousRange r = new ContinuousRange(0, 0.999, Scaling.REVERSE_LOGARITHMIC);

    // 1 - v runs geometrically from 1 down to 1e-3: u=1/3 gives 1 - 0.1, u=2/3 gives 1 - 0.01
    assertEquals(0.0, (Double) r.fromUnit(0), 1e-15);
    assertEquals(0.9, (Double) r.fromUnit(1.0 / 3), 1e-12);
    assertEquals(0.99, (Double) r.fromUnit(2.0 / 3), 1e-12);
    assertEquals(0.999, (Double) r.fromUnit(1), 1e-15);
    assertEquals(2.0 / 3, r.toUnit(0.99), 1e-12);
  }

  @Test
  void singlePointRange() {
    ContinuousRange r = ContinuousRange.linear(2.5, 2.5);

    assertEquals(0.5, r.toUnit(2.5));
    assertEquals(2.5, r.fromUnit(0.1));
  }

  @Test
  void parseAcceptsNumbersWithSurroundingSpace() {
    ContinuousRange r = ContinuousRange.log(1e-6, 1);

    assertEquals(0.001, r.parse("learning_rate", " 1e-3 "));
    assertEquals(1.0, r.parse("learning_rate", "1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "0.1.2", "1,5"})
  void parseRejectsNonNumbersNamingTheHyperparameter(String text) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ContinuousRange.log(1e-6, 1).parse("learning_rate", text));

    assertEquals("learning_rate", e.field());
    assertEquals("must be a number", e.rule());
    assertEquals(text, e.value());
    assertTrue(e.getMessage().startsWith("learning_rate: must be a number"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "0", "-1e-3", "1.0000001", "NaN", "Infinity"})
  void parseRejectsOutOfRange(String text) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ContinuousRange.log(1e-6, 1).parse("learning_rate", text));

    assertEquals("learning_rate", e.field());
    assertEquals("must be between 1.0E-6 and 1.0", e.rule());
    assertEquals(String.valueOf(Double.parseDouble(text)), e.value());
  }

  @Test
  void coerceWidensOtherNumbersToDouble() {
    ContinuousRange r = ContinuousRange.linear(0, 10);

    assertEquals(3.0, r.coerce("alpha", 3));
    assertEquals(3.0, r.coerce("alpha", 3L));
    assertEquals(0.5, r.coerce("alpha", 0.5f));
    assertInstanceOf(Double.class, r.coerce("alpha", 3));
  }

  @Test
  void coerceRejectsNonNumbersAndOutOfRange() {
    ContinuousRange r = ContinuousRange.linear(0, 10);

    InvalidInputException type =
        assertThrows(InvalidInputException.class, () -> r.coerce("alpha", true));
    assertEquals("alpha", type.field());
    assertEquals("must be a number", type.rule());
    assertEquals("true", type.value());

    InvalidInputException range =
        assertThrows(InvalidInputException.class, () -> r.coerce("alpha", 11));
    assertEquals("alpha", range.field());
    assertEquals("must be between 0.0 and 10.0", range.rule());
    assertEquals("11.0", range.value());
  }

  @Test
  void containsOnlyDoublesInsideTheBounds() {
    ContinuousRange r = ContinuousRange.linear(0, 1);

    assertTrue(r.contains(0.0));
    assertTrue(r.contains(1.0));
    assertFalse(r.contains(Math.nextUp(1.0)));
    assertFalse(r.contains(Double.NaN));
    assertFalse(r.contains(1), "values are typed: an Integer is not a continuous value");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, -1e-9})
  void logScalingNeedsPositiveMinimum(double min) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ContinuousRange.log(min, 1));

    assertEquals("Logarithmic scaling needs MinValue > 0", e.rule());
    assertEquals(String.valueOf(min), e.value());
    assertTrue(
        e.getMessage().endsWith("Logarithmic scaling needs MinValue > 0, got " + min),
        e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"-0.1, 0.5", "0.5, 1.0", "0, 1", "0.2, 2"})
  void reverseLogScalingNeedsBoundsInZeroToOne(double min, double max) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new ContinuousRange(min, max, Scaling.REVERSE_LOGARITHMIC));

    assertEquals("ReverseLogarithmic scaling needs 0 <= MinValue <= MaxValue < 1", e.rule());
    assertEquals(min + ".." + max, e.value());
  }

  @Test
  void reverseLogAcceptsItsEdges() {
    ContinuousRange r = new ContinuousRange(0, Math.nextDown(1.0), Scaling.REVERSE_LOGARITHMIC);

    assertEquals(Scaling.REVERSE_LOGARITHMIC, r.scaling());
  }

  @Test
  void minimumAboveMaximumIsRejected() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ContinuousRange.linear(2, 1));

    assertEquals("MinValue must be <= MaxValue", e.rule());
    assertEquals("2.0 > 1.0", e.value());
  }

  @ParameterizedTest
  @CsvSource({"NaN, 1", "0, Infinity", "-Infinity, 0"})
  void boundsMustBeFinite(double min, double max) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ContinuousRange.linear(min, max));

    assertEquals("bounds must be finite numbers", e.rule());
  }

  @ParameterizedTest
  @CsvSource({
    "1, 100, LOGARITHMIC",
    "0.001, 10, LOGARITHMIC",
    "1, 99.9, LINEAR",
    "0, 1000, LINEAR",
    "-5, 1000, LINEAR",
    "2, 2, LINEAR"
  })
  void autoResolvesToLogForTwoDecadesOfPositiveValues(double min, double max, Scaling expected) {
    assertEquals(expected, new ContinuousRange(min, max, Scaling.AUTO).scaling());
    assertEquals(expected, new ContinuousRange(min, max, null).scaling());
  }

  @Test
  void describeShowsBoundsAndScaling() {
    assertEquals("continuous [1.0E-6, 1.0] Logarithmic", ContinuousRange.log(1e-6, 1).describe());
    assertEquals("continuous [0.0, 1.0] Linear", ContinuousRange.linear(0, 1).describe());
    assertEquals(
        "continuous [0.0, 0.99] ReverseLogarithmic",
        new ContinuousRange(0, 0.99, Scaling.REVERSE_LOGARITHMIC).describe());
    assertEquals("continuous", ContinuousRange.linear(0, 1).typeName());
  }
}
