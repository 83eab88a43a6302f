package dev.vernier.tuner.stopping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopperRegistryTest {
  @Test
  void findsTheStoppersByName() {
    StopperRegistry r = StopperRegistry.load();
    assertEquals(List.of("auto", "hyperband", "median", "off"), r.names());
    StopperSettings s = StopperSettings.defaults(27);
    assertInstanceOf(MedianStopper.class, r.create("auto", s));
    assertInstanceOf(AshaStopper.class, r.create("hyperband", s));
    assertEquals(
        "early stopping is off",
        r.create("off", s)
            .decide(
                MedianStopperTest.trial(1, dev.vernier.tuner.strategy.TrialView.State.RUNNING, 1.0),
                List.of(),
                Direction.MINIMIZE)
            .reason());
    for (String n : r.names()) {
      assertEquals(n, r.create(n, s).name());
    }
  }

  @Test
  void errorsNameTheRuleAndTheValue() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> StopperRegistry.load().create("percentile", StopperSettings.defaults(9)));
    assertEquals(
        "$.earlyStopping: must be one of the early stoppers [auto, hyperband, median, off], got"
            + " 'percentile'",
        e.getMessage());
    InvalidInputException eta =
        assertThrows(
            InvalidInputException.class, () -> new StopperSettings(1, 1, 9, MedianRule.DEFAULTS));
    assertEquals("eta: Hyperband's reduction factor must be at least 2, got 1", eta.getMessage());
    assertThrows(
        InvalidInputException.class, () -> StopDecision.stop(" "), "a decision without a reason");
  }
}
