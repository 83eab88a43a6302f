package dev.vernier.kernels;

import dev.vernier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds kernel backends by name. {@code auto} picks the highest-priority available one. */
public final class Backends {
  public static final String AUTO = "auto";

  private Backends() {}

  /** Every registered provider, highest priority first. */
  public static List<KernelsProvider> providers() {
    List<KernelsProvider> out = new ArrayList<>();
    ServiceLoader.load(KernelsProvider.class, Backends.class.getClassLoader()).forEach(out::add);
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
   * Opens a backend.
   *
   * @param name {@code auto} or a registered name
   * @param threads at least 1; see {@link #defaultThreads()}
   * @throws InvalidInputException for an unknown or unavailable backend (the message lists the
   *     available ones) or a thread count below 1
   */
  public static Kernels open(String name, int threads) {
    if (threads < 1) {
      throw new InvalidInputException("--threads", "must be at least 1", threads);
    }
    List<KernelsProvider> all = providers();
    if (AUTO.equals(name)) {
      for (KernelsProvider p : all) {
        if (p.unavailableReason().isEmpty()) {
          return p.create(threads);
        }
      }
      throw new IllegalStateException("no kernel backend is available; registered: " + names(all));
    }
    Optional<KernelsProvider> match = all.stream().filter(p -> p.name().equals(name)).findFirst();
    if (match.isEmpty()) {
      throw new InvalidInputException(
          "--backend", "must be auto or one of the available backends " + available(), name);
    }
    Optional<String> why = match.get().unavailableReason();
    if (why.isPresent()) {
      throw new InvalidInputException(
          "--backend",
          "is not available here (" + why.get() + "); available: " + available(),
          name);
    }
    return match.get().create(threads);
  }

  /** The default thread count: the number of cores the JVM sees. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static String names(List<KernelsProvider> all) {
    return all.stream().map(KernelsProvider::name).collect(Collectors.joining(", ", "[", "]"));
  }
}
