package dev.vernier.worker.algorithm;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.AlgorithmSpec;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The registry of built-in algorithms, by name. */
public final class Algorithms {
  private static final Map<String, Algorithm> ALL = load();

  private Algorithms() {}

  private static Map<String, Algorithm> load() {
    Map<String, Algorithm> out = new TreeMap<>();
    for (Algorithm a : ServiceLoader.load(Algorithm.class, Algorithms.class.getClassLoader())) {
      if (out.put(a.name(), a) != null) {
        throw new IllegalStateException("two algorithms are registered as " + a.name());
      }
    }
    return out;
  }

  /** Every registered algorithm, by name. */
  public static Map<String, Algorithm> all() {
    return java.util.Collections.unmodifiableMap(ALL);
  }

  /** The built-in algorithms' catalog entries. */
  public static AlgorithmCatalog catalog() {
    return new AlgorithmCatalog() {
      @Override
      public Optional<AlgorithmSpec> find(String name) {
        return Optional.ofNullable(ALL.get(name)).map(Algorithm::spec);
      }

      @Override
      public Collection<String> names() {
        return ALL.keySet();
      }
    };
  }

  /**
   * @throws InvalidInputException naming the known algorithms when {@code name} is not one
   */
  public static Algorithm get(String name) {
    Algorithm a = ALL.get(name);
    if (a == null) {
      throw new InvalidInputException("--algorithm", "must be one of " + ALL.keySet(), name);
    }
    return a;
  }
}
