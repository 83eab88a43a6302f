package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.registry.Registry;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.KernelsProvider;
import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.tuner.stopping.StopperRegistry;
import dev.vernier.tuner.stopping.StopperSettings;
import dev.vernier.tuner.strategy.SearchStrategy;
import dev.vernier.tuner.strategy.StrategyRegistry;
import dev.vernier.worker.algorithm.Algorithm;
import dev.vernier.worker.algorithm.Algorithms;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The five plugin registries, as the server wires them, keep one shape: names unique and sorted,
 * every name found again, and an unknown name's error naming the field it came from, the value and
 * every known name. Also the field each one's own lookup names.
 */
class RegistriesContractTest {

  /** One registry: how to name an entry, and its own lookup with the field it reports. */
  record Case<T>(
      Registry<T> registry,
      Function<T, String> nameOf,
      String lookupField,
      Consumer<String> lookup) {
    @Override
    public String toString() {
      return registry.kind();
    }
  }

  static Stream<Case<?>> registries() {
    StrategyRegistry strategies = StrategyRegistry.load();
    StopperRegistry stoppers = StopperRegistry.load();
    return Stream.of(
        new Case<>(strategies.registry(), SearchStrategy::name, "$.strategy", strategies::get),
        new Case<>(
            stoppers.registry(),
            StopperRegistry.Provider::name,
            "$.earlyStopping",
            n -> stoppers.create(n, StopperSettings.defaults(9))),
        new Case<>(
            DriftMethods.registry(),
            DriftMethod::name,
            "$.drift.methods[1]",
            n -> DriftMethods.byName("$.drift.methods[1]", n)),
        new Case<>(Algorithms.registry(), Algorithm::name, "algorithm", Algorithms::get),
        new Case<>(
            Backends.registry(),
            KernelsProvider::name,
            "--backend",
            n -> Backends.open("--backend", n, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registries")
  <T> void namesAreUniqueSortedAndRoundTrip(Case<T> c) {
    List<String> names = c.registry().names();
    assertFalse(names.isEmpty(), c.toString());
    assertEquals(names.size(), new HashSet<>(names).size());
    assertEquals(names.stream().sorted().toList(), names);
    assertEquals(names, c.registry().all().stream().map(c.nameOf()).toList());
    for (String name : names) {
      assertEquals(name, c.nameOf().apply(c.registry().get("$.x", name)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registries")
  <T> void anUnknownNameNamesTheFieldTheValueAndEveryKnownName(Case<T> c) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> c.registry().get("$.some.field", "nope"));
    assertEquals("$.some.field", e.field());
    assertEquals("nope", e.value());
    assertEquals(
        "must be one of the " + c.registry().kind() + " " + c.registry().names(), e.rule());

    InvalidInputException own =
        assertThrows(InvalidInputException.class, () -> c.lookup().accept("nope"));
    assertEquals(c.lookupField(), own.field());
    assertEquals("nope", own.value());
    for (String name : c.registry().names()) {
      assertTrue(own.rule().contains(name), own.getMessage());
    }
    assertTrue(
        own.rule().startsWith("must be one of the " + c.registry().kind()), own.getMessage());
  }
}
