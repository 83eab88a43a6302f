package dev.vernier.tuner.stopping;

import dev.vernier.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The early stoppers on the class path ({@code META-INF/services}), by name. */
public final class StopperRegistry {

  /**
   * Makes an {@link EarlyStopper} from a job's settings; registered with {@link ServiceLoader}.
   * Implementations are stateless and thread-safe.
   */
  public interface Provider {
    /** The name users write. */
    String name();

    /** A stopper with these settings. */
    EarlyStopper create(StopperSettings settings);
  }

  /** {@code off}. */
  public static final class Off implements Provider {
    @Override
    public String name() {
      return "off";
    }

    @Override
    public EarlyStopper create(StopperSettings settings) {
      return new NoStopper();
    }
  }

  /** {@code auto}: the median rule. */
  public static final class Median implements Provider {
    @Override
    public String name() {
      return "auto";
    }

    @Override
    public EarlyStopper create(StopperSettings settings) {
      return new MedianStopper("auto", settings);
    }
  }

  /** {@code median}: the median rule with the job's settings (the same rule as {@code auto}). */
  public static final class MedianWithSettings implements Provider {
    @Override
    public String name() {
      return "median";
    }

    @Override
    public EarlyStopper create(StopperSettings settings) {
      return new MedianStopper(settings);
    }
  }

  /** {@code hyperband}: ASHA's rungs. */
  public static final class Asha implements Provider {
    @Override
    public String name() {
      return "hyperband";
    }

    @Override
    public EarlyStopper create(StopperSettings settings) {
      return new AshaStopper(settings);
    }
  }

  private final Map<String, Provider> byName;

  private StopperRegistry(Map<String, Provider> byName) {
    this.byName = byName;
  }

  /** Loads every {@link Provider} the class loader of this class can see. */
  public static StopperRegistry load() {
    ClassLoader cl = StopperRegistry.class.getClassLoader();
    Map<String, Provider> m = new TreeMap<>();
    for (Provider p : ServiceLoader.load(Provider.class, cl)) {
      if (m.putIfAbsent(p.name(), p) != null) {
        throw new IllegalStateException(
            "early stopper names must be unique, got '" + p.name() + "' twice");
      }
    }
    return new StopperRegistry(m);
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The stopper called {@code name} with {@code settings}.
   *
   * @throws InvalidInputException listing the names that exist when there is none of that name
   */
  public EarlyStopper create(String name, StopperSettings settings) {
    Provider p = name == null ? null : byName.get(name);
    if (p == null) {
      throw new InvalidInputException("earlyStopping", "must be one of " + names(), name);
    }
    return p.create(settings);
  }
}
