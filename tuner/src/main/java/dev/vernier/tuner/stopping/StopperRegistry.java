package dev.vernier.tuner.stopping;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.registry.Registry;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The early stoppers on the class path ({@code META-INF/services}), by name: a {@link Registry} of
 * {@link Provider}s.
 */
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

  /** The input field a job's early-stopping name comes from. */
  public static final String FIELD = "$.earlyStopping";

  private final Registry<Provider> registry;

  private StopperRegistry(Registry<Provider> registry) {
    this.registry = registry;
  }

  /** Loads every {@link Provider} the class loader of {@link Provider} can see. */
  public static StopperRegistry load() {
    return new StopperRegistry(Registry.load("early stoppers", Provider.class, Provider::name));
  }

  /** The registry itself. */
  public Registry<Provider> registry() {
    return registry;
  }

  /** The names, sorted. */
  public List<String> names() {
    return registry.names();
  }

  /**
   * The stopper called {@code name} (from a job's {@code $.earlyStopping}, or the one its strategy
   * requires) with {@code settings}.
   *
   * @throws InvalidInputException on {@code $.earlyStopping}, listing the names that exist
   */
  public EarlyStopper create(String name, StopperSettings settings) {
    return registry.get(FIELD, name).create(settings);
  }
}
