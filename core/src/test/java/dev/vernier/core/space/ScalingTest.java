package dev.vernier.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vernier.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScalingTest {

  @ParameterizedTest
  @CsvSource({
    "Auto, AUTO",
    "auto, AUTO",
    "Linear, LINEAR",
    "LINEAR, LINEAR",
    "Log, LOGARITHMIC",
    "log, LOGARITHMIC",
    "Logarithmic, LOGARITHMIC",
    "ReverseLog, REVERSE_LOGARITHMIC",
    "ReverseLogarithmic, REVERSE_LOGARITHMIC",
    "reverse_logarithmic, REVERSE_LOGARITHMIC",
    "REVERSE_LOGARITHMIC, REVERSE_LOGARITHMIC",
    "reverse-log, REVERSE_LOGARITHMIC"
  })
  void parsesSageMakerNamesAndVariants(String text, Scaling expected) {
    assertEquals(expected, Scaling.parse("ScalingType", text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "exp", "logit", "rev", "sqrt"})
  void unknownNameListsTheKnownOnes(String text) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Scaling.parse("ScalingType", text));

    assertEquals("ScalingType", e.field());
    assertEquals("must be one of Auto, Linear, Logarithmic, ReverseLogarithmic", e.rule());
    assertEquals(text, e.value());
  }

  @ParameterizedTest
  @CsvSource({
    "1, 100, LOGARITHMIC",
    "1e-6, 1, LOGARITHMIC",
    "1, 99.99, LINEAR",
    "0, 1e9, LINEAR",
    "-1, 1e9, LINEAR",
    "-100, -1, LINEAR",
    "5, 5, LINEAR"
  })
  void autoIsLogForTwoDecadesOfPositiveValues(double min, double max, Scaling expected) {
    assertEquals(expected, Scaling.resolveAuto(min, max));
  }
}
