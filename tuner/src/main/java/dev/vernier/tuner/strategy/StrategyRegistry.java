package dev.vernier.tuner.strategy;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.registry.Registry;
import java.util.List;

/**
 * The search strategies on the class path ({@code META-INF/services}), by name: a {@link Registry}
 * of {@link SearchStrategy}. One instance per process is enough: strategies are thread-safe and
 * keep only per-job caches.
 */
public final class StrategyRegistry {
  /** The input field a job's strategy name comes from. */
  public static final String FIELD = "$.strategy";

  private final Registry<SearchStrategy> registry;

  private StrategyRegistry(Registry<SearchStrategy> registry) {
    this.registry = registry;
  }

  /** Loads every {@link SearchStrategy} the class loader of {@link SearchStrategy} can see. */
  public static StrategyRegistry load() {
    return new StrategyRegistry(
        Registry.load("strategies", SearchStrategy.class, SearchStrategy::name));
  }

  /** The registry itself. */
  public Registry<SearchStrategy> registry() {
    return registry;
  }

  /** The names, sorted. */
  public List<String> names() {
    return registry.names();
  }

  /**
   * The strategy called {@code name}, which came from a job's {@code $.strategy}.
   *
   * @throws InvalidInputException on {@code $.strategy}, listing the names that exist
   */
  public SearchStrategy get(String name) {
    return get(FIELD, name);
  }

  /**
   * The strategy called {@code name}, which came from the input {@code field}.
   *
   * @throws InvalidInputException on {@code field}, listing the names that exist
   */
  public SearchStrategy get(String field, String name) {
    return registry.get(field, name);
  }
}
