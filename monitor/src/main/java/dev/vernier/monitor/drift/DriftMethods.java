package dev.vernier.monitor.drift;

import dev.vernier.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The drift methods on the class path ({@code META-INF/services}), by name. Methods are stateless,
 * so the registry loads them once per class loader and hands out the same instances.
 */
public final class DriftMethods {
  private static final Map<String, DriftMethod> BY_NAME = load();

  private DriftMethods() {}

  private static Map<String, DriftMethod> load() {
    ClassLoader cl = DriftMethods.class.getClassLoader();
    Map<String, DriftMethod> m = new TreeMap<>();
    for (DriftMethod d :
        ServiceLoader.load(
            DriftMethod.class, cl != null ? cl : ClassLoader.getSystemClassLoader())) {
      DriftMethod previous = m.putIfAbsent(d.name(), d);
      if (previous != null) {
        throw new IllegalStateException(
            "drift method names must be unique, got '"
                + d.name()
                + "' from "
                + previous.getClass().getName()
                + " and "
                + d.getClass().getName());
      }
    }
    return m;
  }

  /** The names, sorted. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** Every method, sorted by name. */
  public static List<DriftMethod> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The methods for one kind of feature, sorted by name. */
  public static List<DriftMethod> forKind(FeatureKind kind) {
    return BY_NAME.values().stream().filter(m -> m.kind() == kind).toList();
  }

  /**
   * The method called {@code name}.
   *
   * @throws InvalidInputException listing the names that exist when there is none of that name
   */
  public static DriftMethod byName(String name) {
    DriftMethod m = name == null ? null : BY_NAME.get(name);
    if (m == null) {
      throw new InvalidInputException("method", "must be one of " + names(), name);
    }
    return m;
  }
}
