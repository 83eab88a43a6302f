package dev.vernier.worker.algorithm;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.registry.Registry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in algorithms on the class path ({@code META-INF/services}), by name: a {@link
 * Registry} of {@link Algorithm}.
 */
public final class Algorithms {
  private static final Registry<Algorithm> REGISTRY =
      Registry.load("algorithms", Algorithm.class, Algorithm::name);

  private Algorithms() {}

  /** The registry itself. */
  public static Registry<Algorithm> registry() {
    return REGISTRY;
  }

  /** Every registered algorithm, by name, sorted. */
  public static Map<String, Algorithm> all() {
    Map<String, Algorithm> m = new LinkedHashMap<>();
    REGISTRY.all().forEach(a -> m.put(a.name(), a));
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The built-in algorithms' catalog entries. */
  public static AlgorithmCatalog catalog() {
    return new AlgorithmCatalog() {
      @Override
      public Optional<AlgorithmSpec> find(String name) {
        return REGISTRY.find(name).map(Algorithm::spec);
      }

      @Override
      public Collection<String> names() {
        return REGISTRY.names();
      }
    };
  }

  /**
   * The algorithm called {@code name}, the error naming the field {@code algorithm}.
   *
   * @throws InvalidInputException naming the known algorithms when {@code name} is not one
   */
  public static Algorithm get(String name) {
    return get("algorithm", name);
  }

  /**
   * The algorithm called {@code name}, which came from the input {@code field} (e.g. {@code
   * --algorithm}, {@code provenance.algorithm}).
   *
   * @throws InvalidInputException on {@code field}, naming the known algorithms
   */
  public static Algorithm get(String field, String name) {
    return REGISTRY.get(field, name);
  }
}
