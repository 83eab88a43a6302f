package dev.vernier.core.space;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

  static SearchSpace space() {
    Map<String, ParameterRange> ranges = new LinkedHashMap<>();
    ranges.put("learning_rate", ContinuousRange.log(1e-4, 1));
    ranges.put("max_depth", IntegerRange.linear(1, 10));
    ranges.put("booster", CategoricalRange.of("gbtree", "dart"));
    return new SearchSpace(ranges);
  }

  static Map<String, Object> config() {
    Map<String, Object> c = new HashMap<>();
    c.put("learning_rate", 0.01);
    c.put("max_depth", 3L);
    c.put("booster", "dart");
    return c;
  }

  @Test
  void keepsTheGivenOrder() {
    SearchSpace s = space();

    assertEquals(3, s.dimensions());
    assertEquals(
        List.of("learning_rate", "max_depth", "booster"), List.copyOf(s.ranges().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> s.ranges().remove("booster"));
  }

  @Test
  void isACopyOfTheGivenMap() {
    Map<String, ParameterRange> ranges = new LinkedHashMap<>();
    ranges.put("a", IntegerRange.linear(0, 1));
    SearchSpace s = new SearchSpace(ranges);
    ranges.put("b", IntegerRange.linear(0, 1));

    assertEquals(1, s.dimensions());
  }

  @Test
  void emptySpaceIsRejected() {
    for (Map<String, ParameterRange> m :
        new java.util.ArrayList<Map<String, ParameterRange>>(
            java.util.Arrays.asList(Map.of(), null))) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SearchSpace(m));
      assertEquals("ParameterRanges", e.field());
      assertEquals("must name at least one parameter", e.rule());
    }
  }

  @Test
  void blankNameIsRejected() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new SearchSpace(Map.of(" ", IntegerRange.linear(0, 1))));

    assertEquals("parameter names must not be blank", e.rule());
  }

  @Test
  void validConfigurationPasses() {
    SearchSpace s = space();

    assertDoesNotThrow(() -> s.validate(config()));
  }

  @Test
  void configurationsFromUnitPointsAreValid() {
    SearchSpace s = space();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      Map<String, Object> c = new HashMap<>();
      s.ranges().forEach((name, r) -> c.put(name, r.fromUnit(rnd.nextDouble())));
      assertDoesNotThrow(() -> s.validate(c));
    }
  }

  @Test
  void missingParameterIsNamed() {
    Map<String, Object> c = config();
    c.remove("max_depth");

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> space().validate(c));

    assertEquals("max_depth", e.field());
    assertEquals("missing from the configuration", e.rule());
    assertNull(e.value());
    assertEquals("max_depth: missing from the configuration", e.getMessage());
  }

  @Test
  void valueOutsideItsRangeIsNamed() {
    Map<String, Object> c = config();
    c.put("learning_rate", 2.0);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> space().validate(c));

    assertEquals("learning_rate", e.field());
    assertEquals("must lie in continuous [1.0E-4, 1.0] Logarithmic", e.rule());
    assertEquals("2.0", e.value());
  }

  @Test
  void valueOfTheWrongTypeIsRejected() {
    Map<String, Object> c = config();
    c.put("max_depth", 3); // an Integer, not the Long an integer range holds

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> space().validate(c));

    assertEquals("max_depth", e.field());
    assertTrue(e.rule().startsWith("must lie in integer [1, 10]"), e.rule());
  }

  @Test
  void unknownParameterListsTheKnownOnes() {
    Map<String, Object> c = config();
    c.put("gamma", 0.5);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> space().validate(c));

    assertEquals("gamma", e.field());
    assertEquals(
        "is not a parameter of this search space [learning_rate, max_depth, booster]", e.rule());
  }
}
