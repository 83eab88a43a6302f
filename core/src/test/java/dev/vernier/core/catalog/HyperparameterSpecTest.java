package dev.vernier.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HyperparameterSpecTest {

  @Test
  void defaultIsCoercedToTheRangeType() {
    HyperparameterSpec h = new HyperparameterSpec("depth", IntegerRange.linear(1, 9), 3, true, "");

    assertEquals(3L, h.defaultValue());
    assertFalse(h.required());
  }

  @Test
  void noDefaultMeansRequired() {
    assertTrue(new HyperparameterSpec("k", IntegerRange.linear(1, 9), null, false, "").required());
  }

  @Test
  void defaultOutsideTheRangeIsRejectedNamingTheHyperparameter() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new HyperparameterSpec("alpha", ContinuousRange.linear(0, 1), 2.0, true, ""));

    assertEquals("alpha", e.field());
    assertEquals("must be between 0.0 and 1.0", e.rule());
  }

  @ParameterizedTest
  @ValueSource(strings = {"LearningRate", "1st", "max-depth", "", "_x", "a b"})
  void namesMustBeLowerSnakeCase(String name) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new HyperparameterSpec(name, IntegerRange.linear(1, 9), 1, true, ""));

    assertEquals("hyperparameter", e.field());
    assertEquals("names are lower_snake_case", e.rule());
    assertEquals(name, e.value());
  }

  @Test
  void nullNameAndRangeAreRejected() {
    assertThrows(
        InvalidInputException.class,
        () -> new HyperparameterSpec(null, IntegerRange.linear(1, 9), 1, true, ""));
    assertThrows(NullPointerException.class, () -> new HyperparameterSpec("a", null, 1, true, ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"accuracy", "Validation:acc", "validation:", ":acc", "a:b:c", "v:Acc"})
  void metricNamesLookLikeChannelColonMetric(String name) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> new MetricSpec(name, Direction.MAXIMIZE, ""));

    assertEquals("metric", e.field());
    assertEquals("names look like channel:metric", e.rule());
  }

  @Test
  void metricNeedsADirection() {
    assertThrows(NullPointerException.class, () -> new MetricSpec("validation:acc", null, ""));
    assertEquals("train:log_loss", new MetricSpec("train:log_loss", Direction.MINIMIZE, "").name());
  }
}
