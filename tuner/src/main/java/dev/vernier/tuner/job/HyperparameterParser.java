package dev.vernier.tuner.job;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.json.Json;
import dev.vernier.core.space.ParameterRange;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A job's {@code parameterRanges} and {@code staticHyperparameters}: names that can be environment
 * variables and differ in more than case, ranges within the algorithm's own, statics that are not
 * also tuned, and every trial's hyperparameters resolving (checked with each range's lower end).
 * Errors name the JSON path ({@code $.parameterRanges.learning_rate.min}).
 */
final class HyperparameterParser {
  private HyperparameterParser() {}

  static SearchSpace ranges(Json node, AlgorithmSpec spec) {
    Map<String, ParameterRange> out = new LinkedHashMap<>();
    for (Map.Entry<String, Json> e : node.object().fields().entrySet()) {
      String name = e.getKey();
      checkName(e.getValue().path, name);
      Json r = e.getValue().object();
      ParameterRange range = RangeParser.parse(r);
      if (spec != null) {
        HyperparameterSpec h =
            spec.hyperparameter(name)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            r.path,
                            "is not a hyperparameter of "
                                + spec.name()
                                + "; it has "
                                + spec.hyperparameters().stream()
                                    .map(HyperparameterSpec::name)
                                    .toList(),
                            name));
        RangeParser.checkWithin(r.path, range, h.range());
      }
      out.put(name, range);
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(node.path, "must name at least one parameter to tune", "{}");
    }
    return new SearchSpace(out);
  }

  /** What a hyperparameter name may be: it becomes an environment variable of the trial. */
  static final Pattern HYPERPARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  /**
   * Refuses a hyperparameter name that cannot be an environment variable ({@code VERNIER_HP_<NAME>}
   * and {@code SM_HP_<NAME>}, upper-cased, for registered commands).
   */
  private static void checkName(String path, String name) {
    if (!HYPERPARAMETER_NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          path,
          "hyperparameter names must be 1 to 128 letters, digits and underscores, not starting"
              + " with a digit (a trial gets each as the environment variable VERNIER_HP_<NAME>)",
          name);
    }
  }

  /** Names that differ only in case would be one environment variable. */
  private static void checkDistinct(SearchSpace space, Map<String, String> statics) {
    Map<String, String> seen = new java.util.HashMap<>();
    List<String> all = new ArrayList<>(space.ranges().keySet());
    all.addAll(statics.keySet());
    for (String name : all) {
      String other = seen.putIfAbsent(name.toUpperCase(java.util.Locale.ROOT), name);
      if (other != null) {
        throw new InvalidInputException(
            (statics.containsKey(name) ? "$.staticHyperparameters." : "$.parameterRanges.") + name,
            "must differ from '"
                + other
                + "' in more than case (both would be the environment variable VERNIER_HP_"
                + name.toUpperCase(java.util.Locale.ROOT)
                + ")",
            name);
      }
    }
  }

  static Map<String, String> statics(Json node, AlgorithmSpec spec, SearchSpace space) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null) {
      for (Map.Entry<String, Json> e : node.object().fields().entrySet()) {
        checkName(e.getValue().path, e.getKey());
        if (space.ranges().containsKey(e.getKey())) {
          throw new InvalidInputException(
              e.getValue().path,
              "is tuned in parameterRanges; it cannot also be static",
              e.getKey());
        }
        out.put(e.getKey(), e.getValue().scalarText());
      }
    }
    checkDistinct(space, out);
    if (spec != null) {
      // every trial's hyperparameters must resolve: check statics with each range's lower end
      Map<String, Object> probe = new LinkedHashMap<>(out);
      space.ranges().forEach((k, r) -> probe.put(k, r.fromUnit(0)));
      try {
        spec.resolve(probe);
      } catch (InvalidInputException ex) {
        String f =
            out.containsKey(ex.field())
                ? "$.staticHyperparameters." + ex.field()
                : "$.staticHyperparameters";
        throw new InvalidInputException(f, ex.getMessage(), null);
      }
    }
    return out;
  }
}
