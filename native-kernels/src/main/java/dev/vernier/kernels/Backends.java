package dev.vernier.kernels;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.registry.Registry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds kernel backends by name. {@code auto} picks the highest-priority available one. */
public final class Backends {
  public static final String AUTO = "auto";

  // loaded once, as Algorithms' registry: each open (a slot's start, a prediction) used to scan the
  // class path again; whether a provider is available is still asked on every open
  private static final Registry<KernelsProvider> REGISTRY =
      Registry.load("kernel backends", KernelsProvider.class, KernelsProvider::name);

  private Backends() {}

  /** The registered providers by name ({@code auto} is none of them: {@link #open} resolves it). */
  public static Registry<KernelsProvider> registry() {
    return REGISTRY;
  }

  /** Every registered provider, highest priority first. */
  public static List<KernelsProvider> providers() {
    List<KernelsProvider> out = new ArrayList<>(registry().all());
    out.sort(Comparator.comparingInt(KernelsProvider::priority).reversed());
    return out;
  }

  /** Names of the providers that can run here, highest priority first. */
  public static List<String> available() {
    return providers().stream()
        .filter(p -> p.unavailableReason().isEmpty())
        .map(KernelsProvider::name)
        .toList();
  }

  /**
   * Opens a backend whose name came from the field {@code backend}.
   *
   * @see #open(String, String, int)
   */
  public static Kernels open(String name, int threads) {
    return open("backend", name, threads);
  }

  /**
   * Opens a backend.
   *
   * @param field the input field {@code name} came from (e.g. {@code --backend}), for errors
   * @param name {@code auto} or a registered name
   * @param threads at least 1; see {@link #defaultThreads()}
   * @throws InvalidInputException on {@code field} for an unknown backend (listing {@code auto} and
   *     every registered name) or an unavailable one (listing the available ones), or on {@code
   *     --threads} for a thread count below 1
   */
  public static Kernels open(String field, String name, int threads) {
    if (threads < 1) {
      throw new InvalidInputException("--threads", "must be at least 1", threads);
    }
    Registry<KernelsProvider> registry = registry();
    if (AUTO.equals(name)) {
      List<KernelsProvider> all = providers();
      for (KernelsProvider p : all) {
        if (p.unavailableReason().isEmpty()) {
          return p.create(threads);
        }
      }
      throw new IllegalStateException("no kernel backend is available; registered: " + names(all));
    }
    List<String> known = new ArrayList<>(List.of(AUTO));
    known.addAll(registry.names());
    KernelsProvider match =
        registry
            .find(name)
            .orElseThrow(() -> Registry.unknown(field, "kernel backends", known, name));
    Optional<String> why = match.unavailableReason();
    if (why.isPresent()) {
      throw new InvalidInputException(
          field, "is not available here (" + why.get() + "); available: " + available(), name);
    }
    return match.create(threads);
  }

  /** The default thread count: the number of cores the JVM sees. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static String names(List<KernelsProvider> all) {
    return all.stream().map(KernelsProvider::name).collect(Collectors.joining(", ", "[", "]"));
  }
}
