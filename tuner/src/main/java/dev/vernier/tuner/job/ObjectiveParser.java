package dev.vernier.tuner.job;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A job's {@code objective} and, for a registered command, its {@code metricDefinitions}: the
 * metric must be one the algorithm emits (or one the command's definitions extract), its direction
 * is the algorithm's (a contradicting {@code type} is refused), and the aggregation is {@code
 * latest} or {@code best}. Errors name the JSON path ({@code $.objective.metric}).
 */
final class ObjectiveParser {
  private ObjectiveParser() {}

  static List<MetricDefinition> metricDefinitions(Json node, boolean builtIn) {
    List<MetricDefinition> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (builtIn) {
      throw new InvalidInputException(
          node.path, "is only for commands; built-in algorithms declare their metrics", null);
    }
    for (Json d : node.array()) {
      d.object().rejectUnknown(Set.of("name", "regex"));
      String regex = d.get("regex").text();
      Pattern p;
      try {
        p = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new InvalidInputException(
            d.path + ".regex", "must be a valid regular expression: " + e.getDescription(), regex);
      }
      if (p.matcher("").groupCount() < 1) {
        throw new InvalidInputException(
            d.path + ".regex", "needs a capture group around the number", regex);
      }
      out.add(new MetricDefinition(d.get("name").text(), p));
    }
    return out;
  }

  static Objective objective(Json node, AlgorithmSpec spec, List<MetricDefinition> defs) {
    node.object().rejectUnknown(Set.of("metric", "type", "aggregation"));
    String metric = node.get("metric").text();
    Objective.Aggregation aggregation = aggregation(node.opt("aggregation"));
    Json type = node.opt("type");
    Direction given = type == null ? null : direction(type);
    if (spec != null) {
      MetricSpec m =
          spec.metric(metric)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "$.objective.metric",
                          spec.name()
                              + " emits "
                              + spec.metrics().stream().map(MetricSpec::name).toList(),
                          metric));
      if (given != null && given != m.direction()) {
        throw new InvalidInputException(
            "$.objective.type",
            metric + " is to " + word(m.direction()) + "; type must be " + word(m.direction()),
            type.text());
      }
      return new Objective(metric, m.direction(), aggregation);
    }
    if (defs.stream().noneMatch(d -> d.name().equals(metric))) {
      throw new InvalidInputException(
          "$.objective.metric",
          "must be one of the metricDefinitions "
              + defs.stream().map(MetricDefinition::name).toList(),
          metric);
    }
    if (given == null) {
      throw new InvalidInputException(
          "$.objective.type", "is required for a command's metric: Minimize or Maximize", null);
    }
    return new Objective(metric, given, aggregation);
  }

  /** {@code latest} (the default) or {@code best}. */
  private static Objective.Aggregation aggregation(Json node) {
    if (node == null) {
      return Objective.Aggregation.LATEST;
    }
    String v = node.text();
    for (Objective.Aggregation a : Objective.Aggregation.values()) {
      if (a.word().equals(v)) {
        return a;
      }
    }
    throw new InvalidInputException(
        "$.objective.aggregation",
        "must be latest (the last epoch's value) or best (the best epoch's value)",
        v);
  }

  private static String word(Direction d) {
    return d == Direction.MINIMIZE ? "Minimize" : "Maximize";
  }

  private static Direction direction(Json type) {
    return switch (type.text().toLowerCase(java.util.Locale.ROOT)) {
      case "minimize" -> Direction.MINIMIZE;
      case "maximize" -> Direction.MAXIMIZE;
      default ->
          throw new InvalidInputException(type.path, "must be Minimize or Maximize", type.text());
    };
  }
}
