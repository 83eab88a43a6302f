package dev.vernier.core.catalog;

import dev.vernier.core.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the catalog says about an algorithm: its hyperparameters (type, range, default) and the
 * metrics it emits with their direction. The tuner validates jobs against it; the worker trains
 * with what {@link #resolve} returns.
 *
 * @param rules checks that span hyperparameters or that a range cannot say ({@code num_classes} 0
 *     or at least 2), run on the resolved values; they throw {@link InvalidInputException} naming
 *     the hyperparameter, so a job is refused at submission rather than failing every trial
 */
public record AlgorithmSpec(
    String name,
    String description,
    List<HyperparameterSpec> hyperparameters,
    List<MetricSpec> metrics,
    Consumer<Hyperparameters> rules) {

  public AlgorithmSpec {
    hyperparameters = List.copyOf(hyperparameters);
    metrics = List.copyOf(metrics);
    rules = rules == null ? h -> {} : rules;
  }

  /** An algorithm whose hyperparameters' ranges say all there is to check. */
  public AlgorithmSpec(
      String name,
      String description,
      List<HyperparameterSpec> hyperparameters,
      List<MetricSpec> metrics) {
    this(name, description, hyperparameters, metrics, null);
  }

  public Optional<HyperparameterSpec> hyperparameter(String hp) {
    return hyperparameters.stream().filter(h -> h.name().equals(hp)).findFirst();
  }

  public Optional<MetricSpec> metric(String metric) {
    return metrics.stream().filter(m -> m.name().equals(metric)).findFirst();
  }

  /**
   * Validates user-given values (text, as on a command line, or typed, as from JSON) and fills in
   * defaults.
   *
   * @throws InvalidInputException naming the hyperparameter for an unknown name, a missing required
   *     value, a wrong type, a value out of range or a broken {@link #rules() rule}
   */
  public Hyperparameters resolve(Map<String, ?> given) {
    for (String k : given.keySet()) {
      if (hyperparameter(k).isEmpty()) {
        throw new InvalidInputException(
            k,
            "is not a hyperparameter of "
                + name
                + "; it has "
                + hyperparameters.stream().map(HyperparameterSpec::name).toList(),
            given.get(k));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (HyperparameterSpec h : hyperparameters) {
      Object v = given.get(h.name());
      if (v == null) {
        if (h.required()) {
          throw new InvalidInputException(
              h.name(), "is required by " + name + " (" + h.range().describe() + ")", null);
        }
        out.put(h.name(), h.defaultValue());
      } else if (v instanceof String s) {
        out.put(h.name(), h.range().parse(h.name(), s));
      } else {
        out.put(h.name(), h.range().coerce(h.name(), v));
      }
    }
    Hyperparameters resolved = new Hyperparameters(out);
    rules.accept(resolved);
    return resolved;
  }
}
