package dev.vernier.tuner.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vernier.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyRegistryTest {
  @Test
  void findsEveryStrategyByName() {
    StrategyRegistry r = StrategyRegistry.load();
    assertEquals(List.of("bayesian", "grid", "hyperband", "random", "sobol"), r.names());
    assertInstanceOf(BayesianStrategy.class, r.get("bayesian"));
    for (String n : r.names()) {
      assertEquals(n, r.get(n).name());
    }
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> StrategyRegistry.load().get("tpe"));
    assertEquals("$.strategy", e.field());
    assertEquals(
        "$.strategy: must be one of the strategies [bayesian, grid, hyperband, random, sobol],"
            + " got 'tpe'",
        e.getMessage());
  }
}
