package dev.vernier.tuner.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.stopping.StopperRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HyperbandStrategyTest extends SearchStrategyContractTest {
  @Override
  SearchStrategy create() {
    return new HyperbandStrategy();
  }

  @Test
  void reliesOnTheRegisteredHyperbandStopper() {
    Optional<String> stopper = create().requiredStopper();
    assertEquals(Optional.of("hyperband"), stopper);
    assertTrue(StopperRegistry.load().names().contains(stopper.get()));
  }

  @Test
  void noteNamesTheEpochBudget() {
    StrategyContext ctx =
        new StrategyContext(
            "j", space(), Direction.MINIMIZE, 1, List.of(), List.of(), List.of(), 10, 27);
    assertTrue(create().propose(ctx, 1).get(0).note().contains("27 epochs"));
  }
}
