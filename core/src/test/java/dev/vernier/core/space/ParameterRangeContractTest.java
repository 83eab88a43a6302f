package dev.vernier.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ParameterRange} promises, run against each implementation's examples: values of
 * the right Java type, {@code fromUnit} inside the range for any {@code u} (clamped outside [0,
 * 1]), {@code toUnit} inside [0, 1], and {@code fromUnit(toUnit(v)) == v}.
 */
abstract class ParameterRangeContractTest {
  /** Seeded so a failure reproduces; no assertion here is statistical. */
  static final long SEED = 20240611L;

  /** Example ranges covering every scaling the implementation supports and its edge cases. */
  abstract List<ParameterRange> ranges();

  /** The Java type of this implementation's values. */
  abstract Class<?> valueType();

  /** Valid values of {@code r} to round-trip: the bounds and a seeded sample of the inside. */
  abstract List<Object> values(ParameterRange r, SplittableRandom rnd);

  /** Asserts that a round-tripped value equals the original (exactly, unless overridden). */
  void assertRoundTrip(ParameterRange r, Object expected, Object actual) {
    assertEquals(expected, actual, r.describe());
  }

  /** A value of the wrong type for this range. */
  abstract Object wrongType();

  static final double[] UNIT_EDGES = {
    0.0, Double.MIN_VALUE, 1e-12, 0.25, 0.5, 0.75, Math.nextDown(1.0), 1.0
  };
  static final double[] OUTSIDE = {
    -1e-12,
    -0.5,
    -1e300,
    Double.NEGATIVE_INFINITY,
    Math.nextUp(1.0),
    1.5,
    1e300,
    Double.POSITIVE_INFINITY
  };

  @Test
  void fromUnitStaysInsideAndHasTheRightType() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    for (ParameterRange r : ranges()) {
      for (double u : UNIT_EDGES) {
        assertInside(r, u);
      }
      for (int i = 0; i < 1000; i++) {
        assertInside(r, rnd.nextDouble());
      }
    }
  }

  @Test
  void fromUnitClampsOutsideTheUnitInterval() {
    for (ParameterRange r : ranges()) {
      for (double u : OUTSIDE) {
        assertInside(r, u);
      }
      assertEquals(r.fromUnit(0.0), r.fromUnit(-0.5), r.describe());
      assertEquals(r.fromUnit(0.0), r.fromUnit(Double.NEGATIVE_INFINITY), r.describe());
      assertEquals(r.fromUnit(1.0), r.fromUnit(1.5), r.describe());
      assertEquals(r.fromUnit(1.0), r.fromUnit(Double.POSITIVE_INFINITY), r.describe());
    }
  }

  @Test
  void toUnitThenFromUnitRoundTrips() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    for (ParameterRange r : ranges()) {
      for (Object v : values(r, rnd)) {
        assertTrue(r.contains(v), r.describe() + " should contain " + v);
        double u = r.toUnit(v);
        assertTrue(u >= 0 && u <= 1, r.describe() + ": toUnit(" + v + ") = " + u);
        assertRoundTrip(r, v, r.fromUnit(u));
      }
    }
  }

  @Test
  void toUnitIsMonotoneInTheValue() {
    for (ParameterRange r : ranges()) {
      double prevU = -1;
      for (int i = 0; i <= 200; i++) {
        Object v = r.fromUnit(i / 200.0);
        double u = r.toUnit(v);
        assertTrue(u >= prevU, r.describe() + ": toUnit not monotone at " + v);
        prevU = u;
      }
    }
  }

  @Test
  void valuesFromUnitParseBackFromTheirText() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    for (ParameterRange r : ranges()) {
      for (int i = 0; i < 50; i++) {
        Object v = r.fromUnit(rnd.nextDouble());
        assertEquals(v, r.parse("hp", String.valueOf(v)), r.describe());
        assertEquals(v, r.coerce("hp", v), r.describe());
      }
    }
  }

  @Test
  void wrongTypeIsRejectedNamingTheHyperparameter() {
    for (ParameterRange r : ranges()) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> r.coerce("my_param", wrongType()));
      assertEquals("my_param", e.field(), r.describe());
      assertTrue(e.getMessage().startsWith("my_param: "), e.getMessage());
      assertFalse(r.contains(wrongType()), r.describe());
    }
  }

  @Test
  void describeNamesTheType() {
    for (ParameterRange r : ranges()) {
      assertTrue(r.describe().startsWith(r.typeName() + " "), r.describe());
    }
  }

  private void assertInside(ParameterRange r, double u) {
    Object v = r.fromUnit(u);
    assertInstanceOf(valueType(), v, r.describe() + " at u=" + u);
    assertTrue(r.contains(v), r.describe() + ": fromUnit(" + u + ") = " + v + " is outside");
  }
}
