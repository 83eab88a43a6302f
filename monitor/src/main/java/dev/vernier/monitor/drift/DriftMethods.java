package dev.vernier.monitor.drift;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.registry.Registry;
import java.util.List;

/**
 * The drift methods on the class path ({@code META-INF/services}), by name: a {@link Registry} of
 * {@link DriftMethod}. Methods are stateless, so the registry loads them once per class loader and
 * hands out the same instances.
 */
public final class DriftMethods {
  private static final Registry<DriftMethod> REGISTRY =
      Registry.load("drift methods", DriftMethod.class, DriftMethod::name);

  private DriftMethods() {}

  /** The registry itself. */
  public static Registry<DriftMethod> registry() {
    return REGISTRY;
  }

  /** The names, sorted. */
  public static List<String> names() {
    return REGISTRY.names();
  }

  /** Every method, sorted by name. */
  public static List<DriftMethod> all() {
    return REGISTRY.all();
  }

  /** The methods for one kind of feature, sorted by name. */
  public static List<DriftMethod> forKind(FeatureKind kind) {
    return REGISTRY.all().stream().filter(m -> m.kind() == kind).toList();
  }

  /**
   * The method called {@code name}, the error naming the field {@code method}.
   *
   * @throws InvalidInputException listing the names that exist when there is none of that name
   */
  public static DriftMethod byName(String name) {
    return byName("method", name);
  }

  /**
   * The method called {@code name}, which came from the input {@code field} (e.g. {@code
   * --methods}).
   *
   * @throws InvalidInputException on {@code field}, listing the names that exist
   */
  public static DriftMethod byName(String field, String name) {
    return REGISTRY.get(field, name);
  }
}
