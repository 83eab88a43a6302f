package dev.vernier.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class IntegerRangeTest extends ParameterRangeContractTest {

  @Override
  List<ParameterRange> ranges() {
    return List.of(
        IntegerRange.linear(1, 5),
        IntegerRange.linear(-10, 10),
        IntegerRange.linear(0, 1),
        IntegerRange.linear(7, 7),
        IntegerRange.linear(-1_000_000_000_000L, 1_000_000_000_000L),
        IntegerRange.log(1, 1),
        IntegerRange.log(1, 2),
        IntegerRange.log(1, 1000),
        IntegerRange.log(3, 100_000),
        IntegerRange.log(1, 1L << 40),
        new IntegerRange(1, 500, Scaling.AUTO));
  }

  @Override
  Class<?> valueType() {
    return Long.class;
  }

  @Override
  Object wrongType() {
    return "3";
  }

  /** Every value of small ranges; the bounds, their neighbours and a seeded sample otherwise. */
  @Override
  List<Object> values(ParameterRange r, SplittableRandom rnd) {
    IntegerRange i = (IntegerRange) r;
    List<Object> out = new ArrayList<>();
    if (i.max() - i.min() <= 2000) {
      for (long v = i.min(); v <= i.max(); v++) {
        out.add(v);
      }
      return out;
    }
    out.addAll(List.of(i.min(), i.min() + 1, i.max() - 1, i.max()));
    for (int k = 0; k < 500; k++) {
      out.add(i.min() + rnd.nextLong(i.max() - i.min() + 1));
      out.add(i.fromUnit(rnd.nextDouble()));
    }
    return out;
  }

  @Test
  void linearScalingGivesEachValueAnEqualShare() {
    // 10000 uniform draws: a share's standard deviation is 0.4%, so the 3% margin is 7.5 sigma
    // (false-failure rate below 1e-12 for any seed; this seed is fixed anyway)
    IntegerRange r = IntegerRange.linear(1, 5);
    SplittableRandom rnd = new SplittableRandom(SEED);
    int n = 10_000;
    int[] counts = new int[5];
    for (int k = 0; k < n; k++) {
      counts[(int) (long) (Long) r.fromUnit(rnd.nextDouble()) - 1]++;
    }
    for (int v = 0; v < 5; v++) {
      double share = counts[v] / (double) n;
      assertEquals(0.2, share, 0.03, "share of value " + (v + 1));
    }
  }

  @Test
  void linearCellsHaveExactEdges() {
    IntegerRange r = IntegerRange.linear(1, 5);

    assertEquals(1L, r.fromUnit(0));
    assertEquals(1L, r.fromUnit(0.19999));
    assertEquals(2L, r.fromUnit(0.20001));
    assertEquals(3L, r.fromUnit(0.5));
    assertEquals(5L, r.fromUnit(0.80001));
    assertEquals(5L, r.fromUnit(1));
    assertEquals(0.1, r.toUnit(1L), 1e-12);
    assertEquals(0.5, r.toUnit(3L), 1e-12);
    assertEquals(0.9, r.toUnit(5L), 1e-12);
  }

  @Test
  void logScalingStartingAtOneReachesBothEnds() {
    IntegerRange r = IntegerRange.log(1, 1000);

    assertEquals(1L, r.fromUnit(0));
    assertEquals(1000L, r.fromUnit(1));
    // the log scale favours small values: the midpoint is the geometric mean of the cell edges
    // 0.5 and 1000.5, about 22
    long mid = (Long) r.fromUnit(0.5);
    assertTrue(mid >= 20 && mid <= 25, "fromUnit(0.5) = " + mid);
  }

  @Test
  void rangeOfOneValue() {
    for (IntegerRange r : List.of(IntegerRange.linear(7, 7), IntegerRange.log(4, 4))) {
      assertEquals(0.5, r.toUnit(r.min()));
      for (double u : new double[] {0, 0.3, 1, -1, 2}) {
        assertEquals(r.min(), r.fromUnit(u));
      }
    }
  }

  @Test
  void parseAcceptsIntegersWithSurroundingSpace() {
    IntegerRange r = IntegerRange.linear(1, 10);

    assertEquals(5L, r.parse("max_depth", " 5 "));
    assertEquals(10L, r.parse("max_depth", "10"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5.0", "5.5", "abc", "", "1e3", "0x10"})
  void parseRejectsNonIntegersNamingTheHyperparameter(String text) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> IntegerRange.linear(1, 10).parse("max_depth", text));

    assertEquals("max_depth", e.field());
    assertEquals("must be an integer", e.rule());
    assertEquals(text, e.value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "11", "-3", "9223372036854775807"})
  void parseRejectsOutOfRange(String text) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> IntegerRange.linear(1, 10).parse("max_depth", text));

    assertEquals("max_depth", e.field());
    assertEquals("must be between 1 and 10", e.rule());
    assertEquals(text, e.value());
    assertEquals("max_depth: must be between 1 and 10, got " + text, e.getMessage());
  }

  @Test
  void coerceAcceptsIntegralNumbersAsLong() {
    IntegerRange r = IntegerRange.linear(1, 10);

    assertEquals(3L, r.coerce("max_depth", 3));
    assertEquals(3L, r.coerce("max_depth", 3L));
    assertEquals(3L, r.coerce("max_depth", (short) 3));
    assertEquals(3L, r.coerce("max_depth", 3.0), "JSON numbers like 3.0 are integers");
  }

  @Test
  void coerceRejectsFractionsAndNonNumbers() {
    IntegerRange r = IntegerRange.linear(1, 10);
    for (Object bad : new Object[] {3.5, Double.NaN, "3", true}) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> r.coerce("max_depth", bad));
      assertEquals("max_depth", e.field());
      assertEquals("must be an integer", e.rule(), String.valueOf(bad));
      assertEquals(String.valueOf(bad), e.value());
    }
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> r.coerce("max_depth", 12));
    assertEquals("must be between 1 and 10", e.rule());
  }

  @Test
  void containsOnlyLongsInsideTheBounds() {
    IntegerRange r = IntegerRange.linear(1, 10);

    assertTrue(r.contains(1L));
    assertTrue(r.contains(10L));
    assertFalse(r.contains(11L));
    assertFalse(r.contains(5), "values are typed: an Integer is not an integer-range value");
    assertFalse(r.contains(5.0));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -5})
  void logScalingNeedsPositiveMinimum(long min) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> IntegerRange.log(min, 10));

    assertEquals("Logarithmic scaling needs MinValue > 0", e.rule());
  }

  @Test
  void reverseLogIsOnlyForContinuousRanges() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> new IntegerRange(0, 0, Scaling.REVERSE_LOGARITHMIC));

    assertEquals("ReverseLogarithmic scaling is only for continuous ranges", e.rule());
  }

  @Test
  void minimumAboveMaximumIsRejected() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> IntegerRange.linear(5, 4));

    assertEquals("MinValue must be <= MaxValue", e.rule());
    assertEquals("5 > 4", e.value());
  }

  @ParameterizedTest
  @CsvSource({"1, 100, LOGARITHMIC", "1, 99, LINEAR", "0, 1000, LINEAR", "-1, 1000, LINEAR"})
  void autoResolvesToLogForTwoDecadesOfPositiveValues(long min, long max, Scaling expected) {
    assertEquals(expected, new IntegerRange(min, max, Scaling.AUTO).scaling());
    assertEquals(expected, new IntegerRange(min, max, null).scaling());
  }

  @Test
  void describeShowsBoundsAndScaling() {
    assertEquals("integer [1, 1000] Logarithmic", IntegerRange.log(1, 1000).describe());
    assertEquals("integer [-2, 3] Linear", IntegerRange.linear(-2, 3).describe());
    assertEquals("integer", IntegerRange.linear(0, 1).typeName());
  }
}
