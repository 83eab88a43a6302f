package dev.vernier.core.registry;

import dev.vernier.core.InvalidInputException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Plugins of one kind by name: the search strategies, early stoppers, drift methods, algorithms and
 * kernel backends each live in one. Plugins are discovered ({@link #load} reads {@code
 * META-INF/services}), never switched on.
 *
 * <p>Order of use: build once ({@link #load} or {@link #of}), then look names up with {@link
 * #get(String, String)}, passing the input field the name came from ({@code $.strategy}, {@code
 * $.drift.methods[1]}, {@code --backend}), so that an unknown name's error names that field, the
 * value and every name that exists, sorted: {@code $.strategy: must be one of the strategies
 * [bayesian, grid], got 'tpe'}. Callers that validate a name without the registry at hand (a parser
 * given only the names) raise the same error with {@link #unknown}.
 *
 * <p>Names are unique: building a registry from two entries of one name fails with {@link
 * IllegalStateException} naming both classes, since that is a packaging mistake, not user input.
 *
 * <p>Threads and ownership: immutable once built, safe to share between threads; the entries are
 * handed out as they are (plugins registered here must themselves be thread-safe).
 *
 * @param <T> the plugin type
 */
public final class Registry<T> {
  private final String kind;
  private final Map<String, T> byName;

  private Registry(String kind, Map<String, T> byName) {
    this.kind = kind;
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * Every {@code service} implementation that {@code service}'s class loader sees.
   *
   * @param kind what the entries are, plural, as the error shows it: {@code strategies}
   * @param nameOf the name users write for an entry
   * @throws IllegalStateException when two entries share a name
   */
  public static <T> Registry<T> load(
      String kind, Class<T> service, Function<? super T, String> nameOf) {
    ClassLoader cl = service.getClassLoader();
    return of(
        kind,
        ServiceLoader.load(service, cl != null ? cl : ClassLoader.getSystemClassLoader()),
        nameOf);
  }

  /**
   * The given entries.
   *
   * @param kind what the entries are, plural, as the error shows it: {@code strategies}
   * @param nameOf the name users write for an entry
   * @throws IllegalStateException when two entries share a name, or a name is null or blank
   */
  public static <T> Registry<T> of(
      String kind, Iterable<? extends T> entries, Function<? super T, String> nameOf) {
    Map<String, T> m = new TreeMap<>();
    for (T e : entries) {
      String name = nameOf.apply(e);
      if (name == null || name.isBlank()) {
        throw new IllegalStateException(
            kind + " need a name, got '" + name + "' from " + e.getClass().getName());
      }
      T previous = m.putIfAbsent(name, e);
      if (previous != null) {
        throw new IllegalStateException(
            kind
                + " names must be unique, got '"
                + name
                + "' from "
                + previous.getClass().getName()
                + " and "
                + e.getClass().getName());
      }
    }
    return new Registry<>(kind, m);
  }

  /** What the entries are, plural: {@code strategies}. */
  public String kind() {
    return kind;
  }

  /** The names, sorted. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Every entry, sorted by name. */
  public List<T> all() {
    return List.copyOf(byName.values());
  }

  /** The entry called {@code name}, if there is one; null finds nothing. */
  public Optional<T> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
  }

  /**
   * The entry called {@code name}.
   *
   * @param field the input field the name came from, for the error
   * @throws InvalidInputException naming {@code field}, {@code name} and every name that exists,
   *     when there is no entry of that name (or {@code name} is null)
   */
  public T get(String field, String name) {
    return find(name).orElseThrow(() -> unknown(field, kind, names(), name));
  }

  /**
   * The error for a name that is none of {@code names}: {@code field: must be one of the KIND [a,
   * b], got 'x'}.
   */
  public static InvalidInputException unknown(
      String field, String kind, Collection<String> names, String name) {
    return new InvalidInputException(field, "must be one of the " + kind + " " + names, name);
  }
}
