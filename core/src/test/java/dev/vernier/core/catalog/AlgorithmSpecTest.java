package dev.vernier.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlgorithmSpecTest {

  static final AlgorithmSpec GBT =
      new AlgorithmSpec(
          "gbt",
          "gradient-boosted trees",
          List.of(
              new HyperparameterSpec(
                  "learning_rate", ContinuousRange.log(1e-3, 1), 0.3, true, "shrinkage"),
              new HyperparameterSpec("max_depth", IntegerRange.linear(1, 20), 6, true, "depth"),
              new HyperparameterSpec(
                  "booster", CategoricalRange.of("gbtree", "dart"), "gbtree", true, "booster"),
              new HyperparameterSpec(
                  "num_class", IntegerRange.linear(2, 1000), null, false, "classes")),
          List.of(
              new MetricSpec("validation:accuracy", Direction.MAXIMIZE, "accuracy"),
              new MetricSpec("validation:logloss", Direction.MINIMIZE, "log loss")));

  static Map<String, Object> given(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static InvalidInputException rejects(Map<String, ?> given) {
    return assertThrows(InvalidInputException.class, () -> GBT.resolve(given));
  }

  @Test
  void defaultsAreFilledInSpecOrder() {
    Hyperparameters h = GBT.resolve(given("num_class", 3));

    assertEquals(
        List.of("learning_rate", "max_depth", "booster", "num_class"),
        List.copyOf(h.asMap().keySet()));
    assertEquals(0.3, h.asMap().get("learning_rate"));
    assertEquals(6L, h.asMap().get("max_depth"));
    assertEquals("gbtree", h.asMap().get("booster"));
    assertEquals(3L, h.asMap().get("num_class"));
  }

  @Test
  void textValuesAreParsedToTheirTypes() {
    Hyperparameters h =
        GBT.resolve(
            given(
                "learning_rate", "0.05", "max_depth", " 8 ", "booster", "dart", "num_class", "10"));

    assertInstanceOf(Double.class, h.asMap().get("learning_rate"));
    assertInstanceOf(Long.class, h.asMap().get("max_depth"));
    assertEquals(0.05, h.getDouble("learning_rate"));
    assertEquals(8, h.getInt("max_depth"));
    assertEquals("dart", h.getString("booster"));
    assertEquals(10, h.getInt("num_class"));
  }

  @Test
  void typedValuesAreCoerced() {
    Hyperparameters h = GBT.resolve(given("learning_rate", 1, "max_depth", 8.0, "num_class", 10L));

    assertEquals(1.0, h.asMap().get("learning_rate"));
    assertEquals(8L, h.asMap().get("max_depth"));
    assertEquals(10L, h.asMap().get("num_class"));
  }

  @Test
  void textAndTypedGiveEqualResults() {
    assertEquals(
        GBT.resolve(given("learning_rate", "0.1", "max_depth", "4", "num_class", "2")),
        GBT.resolve(given("learning_rate", 0.1, "max_depth", 4, "num_class", 2)));
  }

  @Test
  void asStringsIsTheCommandLineForm() {
    Hyperparameters h = GBT.resolve(given("num_class", 3));

    assertEquals(
        Map.of("learning_rate", "0.3", "max_depth", "6", "booster", "gbtree", "num_class", "3"),
        h.asStrings());
    assertThrows(UnsupportedOperationException.class, () -> h.asMap().put("x", 1));
  }

  @Test
  void unknownGetterNameIsAnError() {
    Hyperparameters h = GBT.resolve(given("num_class", 3));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> h.getDouble("eta"));
    assertTrue(e.getMessage().contains("eta"), e.getMessage());
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    InvalidInputException e = rejects(given("eta", 0.1, "num_class", 3));

    assertEquals("eta", e.field());
    assertEquals(
        "is not a hyperparameter of gbt; it has [learning_rate, max_depth, booster, num_class]",
        e.rule());
    assertEquals("0.1", e.value());
  }

  @Test
  void missingRequiredIsNamedWithItsRange() {
    InvalidInputException e = rejects(given("max_depth", 3));

    assertEquals("num_class", e.field());
    assertEquals("is required by gbt (integer [2, 1000] Linear)", e.rule());
    assertNull(e.value());
    assertEquals("num_class: is required by gbt (integer [2, 1000] Linear)", e.getMessage());
  }

  @Test
  void nullValueCountsAsMissing() {
    assertEquals("num_class", rejects(given("num_class", null)).field());
    assertEquals(
        0.3, GBT.resolve(given("learning_rate", null, "num_class", 2)).getDouble("learning_rate"));
  }

  @Test
  void wrongTypeIsNamed() {
    InvalidInputException text = rejects(given("max_depth", "deep", "num_class", 3));
    assertEquals("max_depth", text.field());
    assertEquals("must be an integer", text.rule());
    assertEquals("deep", text.value());

    InvalidInputException fraction = rejects(given("max_depth", 2.5, "num_class", 3));
    assertEquals("max_depth", fraction.field());
    assertEquals("must be an integer", fraction.rule());

    InvalidInputException bool = rejects(given("learning_rate", true, "num_class", 3));
    assertEquals("learning_rate", bool.field());
    assertEquals("must be a number", bool.rule());

    InvalidInputException choice = rejects(given("booster", "linear", "num_class", 3));
    assertEquals("booster", choice.field());
    assertEquals("must be one of [gbtree, dart]", choice.rule());
  }

  @Test
  void outOfRangeIsNamed() {
    InvalidInputException depth = rejects(given("max_depth", 50, "num_class", 3));
    assertEquals("max_depth", depth.field());
    assertEquals("must be between 1 and 20", depth.rule());
    assertEquals("50", depth.value());

    InvalidInputException rate = rejects(given("learning_rate", "2", "num_class", 3));
    assertEquals("learning_rate", rate.field());
    assertEquals("must be between 0.001 and 1.0", rate.rule());
    assertEquals("2.0", rate.value());

    assertEquals("num_class", rejects(given("num_class", 1)).field());
  }

  @Test
  void looksUpHyperparametersAndMetricsByName() {
    assertTrue(GBT.hyperparameter("max_depth").isPresent());
    assertFalse(GBT.hyperparameter("eta").isPresent());
    assertEquals(Direction.MAXIMIZE, GBT.metric("validation:accuracy").orElseThrow().direction());
    assertFalse(GBT.metric("train:accuracy").isPresent());
  }

  @Test
  void listsAreCopied() {
    List<MetricSpec> metrics =
        new ArrayList<>(List.of(new MetricSpec("validation:rmse", Direction.MINIMIZE, "")));
    AlgorithmSpec a = new AlgorithmSpec("a", "", List.of(), metrics);
    metrics.clear();

    assertEquals(1, a.metrics().size());
    assertThrows(UnsupportedOperationException.class, () -> a.metrics().clear());
    assertEquals(0, a.resolve(Map.of()).asMap().size());
  }
}
