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

class CategoricalRangeTest extends ParameterRangeContractTest {

  @Override
  List<ParameterRange> ranges() {
    return List.of(
        CategoricalRange.of("only"),
        CategoricalRange.of("gbtree", "dart"),
        CategoricalRange.of("relu", "tanh", "sigmoid", "gelu", "swish"));
  }

  @Override
  Class<?> valueType() {
    return String.class;
  }

  @Override
  Object wrongType() {
    return 42;
  }

  @Override
  List<Object> values(ParameterRange r, SplittableRandom rnd) {
    return new ArrayList<>(((CategoricalRange) r).values());
  }

  @Test
  void eachValueGetsAnEqualShare() {
    CategoricalRange r = CategoricalRange.of("a", "b", "c", "d");

    assertEquals("a", r.fromUnit(0));
    assertEquals("a", r.fromUnit(0.2499));
    assertEquals("b", r.fromUnit(0.25));
    assertEquals("c", r.fromUnit(0.5));
    assertEquals("d", r.fromUnit(0.75));
    assertEquals("d", r.fromUnit(1));
    assertEquals(0.125, r.toUnit("a"));
    assertEquals(0.875, r.toUnit("d"));
  }

  @Test
  void parseTrimsAndChecksMembership() {
    CategoricalRange r = CategoricalRange.of("gbtree", "dart");

    assertEquals("dart", r.parse("booster", " dart "));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> r.parse("booster", "linear"));
    assertEquals("booster", e.field());
    assertEquals("must be one of [gbtree, dart]", e.rule());
    assertEquals("linear", e.value());
    assertEquals("booster: must be one of [gbtree, dart], got 'linear'", e.getMessage());
  }

  @Test
  void valuesAreCaseSensitive() {
    assertThrows(
        InvalidInputException.class, () -> CategoricalRange.of("dart").parse("booster", "DART"));
  }

  @Test
  void containsOnlyMemberStrings() {
    CategoricalRange r = CategoricalRange.of("1", "2");

    assertTrue(r.contains("1"));
    assertFalse(r.contains("3"));
    assertFalse(r.contains(1));
  }

  @Test
  void emptyListIsRejected() {
    for (List<String> values :
        new ArrayList<List<String>>(java.util.Arrays.asList(List.of(), null))) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> new CategoricalRange(values));
      assertEquals("values", e.field());
      assertEquals("a categorical range needs at least one value", e.rule());
    }
  }

  @Test
  void duplicatesAreRejected() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> CategoricalRange.of("a", "b", "a"));

    assertEquals("values", e.field());
    assertEquals("categorical values must be distinct", e.rule());
    assertEquals("[a, b, a]", e.value());
  }

  @Test
  void valuesAreCopiedAndKeepTheirOrder() {
    List<String> source = new ArrayList<>(List.of("z", "a", "m"));
    CategoricalRange r = new CategoricalRange(source);
    source.add("x");

    assertEquals(List.of("z", "a", "m"), r.values());
    assertThrows(UnsupportedOperationException.class, () -> r.values().add("y"));
    assertEquals("categorical [z, a, m]", r.describe());
    assertEquals("categorical", r.typeName());
  }
}
