package dev.vernier.tuner.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.ParameterRange;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridStrategyTest extends SearchStrategyContractTest {
  @Override
  SearchStrategy create() {
    return new GridStrategy();
  }

  @Override
  SearchSpace space() {
    return Histories.gridSpace();
  }

  @Test
  void enumeratesEveryPointOnceThenStops() {
    List<TrialView> trials = new ArrayList<>();
    Set<Map<String, Object>> seen = new HashSet<>();
    for (int i = 0; i < 24; i++) {
      Proposal p = create().propose(context(3, trials), 1).get(0);
      assertTrue(seen.add(p.config()), "repeated " + p.config());
      trials.add(TrialView.completed(i, p.config(), i));
    }
    assertEquals(24, seen.size());
    assertEquals(List.of(), create().propose(context(3, trials), 1));
  }

  @Test
  void aBatchReturnsWhatIsLeft() {
    List<Proposal> all = create().propose(context(3, List.of()), 30);
    assertEquals(24, all.size());
    assertEquals(24, new HashSet<>(all.stream().map(Proposal::config).toList()).size());
  }

  @Test
  void refusesAGridLargerThanTheTrialLimitNamingTheProduct() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> create().validate(space(), 23));
    assertEquals("$.limits.maxTrials", e.field(), "a JSON path, renamed in a SageMaker request");
    assertTrue(
        e.getMessage().contains("4 (layers) x 3 (act) x 2 (bias) = 24 points"), e.getMessage());
    assertTrue(e.getMessage().endsWith("got 23"), e.getMessage());
    create().validate(space(), 24);
    StrategyContext tooSmall =
        StrategyContext.of("j", space(), Direction.MINIMIZE, 1, List.of(), 10);
    assertThrows(InvalidInputException.class, () -> create().propose(tooSmall, 1));
  }

  @Test
  void refusesContinuousParametersNamingThem() {
    Map<String, ParameterRange> r = new LinkedHashMap<>(space().ranges());
    r.put("lr", ContinuousRange.log(1e-4, 1));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> create().validate(new SearchSpace(r), 1000));
    assertEquals("$.parameterRanges.lr", e.field());
    assertTrue(e.getMessage().contains("integer or categorical"), e.getMessage());
  }

  @Test
  void refusesAnAstronomicalIntegerRangeWithoutOverflow() {
    SearchSpace huge =
        new SearchSpace(Map.of("n", IntegerRange.linear(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2)));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> create().validate(huge, Integer.MAX_VALUE));
    assertEquals("$.parameterRanges", e.field());
  }

  @Test
  void anExhaustedGridSaysHowManyConfigurationsItTried() {
    StrategyContext ctx = context(3, List.of());
    assertEquals(
        java.util.Optional.of(
            "the grid's 24 configurations (4 (layers) x 3 (act) x 2 (bias)) are all tried;"
                + " maxTrials was "
                + ctx.maxTrials()),
        create().exhausted(ctx));
  }
}
