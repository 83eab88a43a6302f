package dev.vernier.tuner.strategy;

import dev.vernier.core.InvalidInputException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The search strategies on the class path ({@code META-INF/services}), by name. One instance per
 * process is enough: strategies are thread-safe and keep only per-job caches.
 */
public final class StrategyRegistry {
  private final Map<String, SearchStrategy> byName;

  private StrategyRegistry(Map<String, SearchStrategy> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Loads every {@link SearchStrategy} the class loader of this class can see. */
  public static StrategyRegistry load() {
    Map<String, SearchStrategy> m = new TreeMap<>();
    for (SearchStrategy s : ServiceLoader.load(SearchStrategy.class, classLoader())) {
      SearchStrategy previous = m.putIfAbsent(s.name(), s);
      if (previous != null) {
        throw new IllegalStateException(
            "strategy names must be unique, got '"
                + s.name()
                + "' from "
                + previous.getClass().getName()
                + " and "
                + s.getClass().getName());
      }
    }
    return new StrategyRegistry(m);
  }

  private static ClassLoader classLoader() {
    ClassLoader cl = StrategyRegistry.class.getClassLoader();
    return cl != null ? cl : ClassLoader.getSystemClassLoader();
  }

  /** The names, sorted. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The strategy called {@code name}.
   *
   * @throws InvalidInputException listing the names that exist when there is none of that name
   */
  public SearchStrategy get(String name) {
    SearchStrategy s = name == null ? null : byName.get(name);
    if (s == null) {
      throw new InvalidInputException("strategy", "must be one of " + names(), name);
    }
    return s;
  }
}
