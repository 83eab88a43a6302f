package dev.vernier.tuner.job;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.tuner.stopping.MedianRule;
import java.util.Set;

/**
 * A job's {@code earlyStopping}, parsed: {@code "off"}, {@code "auto"} (the median rule with {@link
 * MedianRule#DEFAULTS}; SageMaker's spelling), or {@code {"type": "median", "minTrials": N,
 * "minEpochs": E, "percentile": P, "minRankCorrelation": R}} with each field optional (its default
 * when left out; {@code "minRankCorrelation": "off"} turns the rank check off).
 *
 * @param name {@code off}, {@code auto} or {@code median}
 * @param rule the median rule's settings, or null for {@code off}
 */
record EarlyStopping(String name, MedianRule rule) {
  static final EarlyStopping OFF = new EarlyStopping("off", null);

  /**
   * Reads {@code node} (null when the field is absent: {@code off}).
   *
   * @throws InvalidInputException naming the JSON path ({@code $.earlyStopping.minTrials}), the
   *     rule and the value
   */
  static EarlyStopping parse(Json node) {
    if (node == null) {
      return OFF;
    }
    String rule = "must be off, auto or {\"type\": \"median\", ...}";
    if (node.node.isTextual()) {
      String e = node.node.asText();
      return switch (e) {
        case "off" -> OFF;
        case "auto" -> new EarlyStopping("auto", MedianRule.DEFAULTS);
        default -> throw new InvalidInputException(node.path, rule, e);
      };
    }
    if (!node.node.isObject()) {
      throw new InvalidInputException(node.path, rule, node.node.toString());
    }
    node.rejectUnknown(
        Set.of("type", "minTrials", "minEpochs", "percentile", "minRankCorrelation"));
    String type = node.get("type").text();
    if (!type.equals("median")) {
      throw new InvalidInputException(node.path + ".type", "must be median", type);
    }
    MedianRule d = MedianRule.DEFAULTS;
    int minTrials = (int) intField(node, "minTrials", d.minTrials(), 1, 1000);
    int minEpochs = (int) intField(node, "minEpochs", d.minEpochs(), 1, 10000);
    Json p = node.opt("percentile");
    double percentile = d.percentile();
    if (p != null) {
      percentile = p.doubleValue();
      if (percentile < 1 || percentile > 100) {
        throw new InvalidInputException(p.path, "must be between 1 and 100", percentile);
      }
    }
    return new EarlyStopping(
        "median", new MedianRule(minTrials, minEpochs, percentile, rankCorrelation(node, d)));
  }

  /** {@code minRankCorrelation}: 0 to 1, or {@code "off"} (null); the default's when absent. */
  private static Double rankCorrelation(Json node, MedianRule d) {
    Json r = node.opt("minRankCorrelation");
    if (r == null) {
      return d.minRankCorrelation();
    }
    String rule = "must be a number between 0 and 1, or \"off\"";
    if (r.node.isTextual()) {
      if (r.node.asText().equals("off")) {
        return null;
      }
      throw new InvalidInputException(r.path, rule, r.node.asText());
    }
    if (!r.node.isNumber()) {
      throw new InvalidInputException(r.path, rule, r.node.toString());
    }
    double v = r.node.asDouble();
    if (!(v >= 0 && v <= 1)) {
      throw new InvalidInputException(r.path, rule, v);
    }
    return v;
  }

  private static long intField(Json node, String name, int dflt, int min, int max) {
    Json f = node.opt(name);
    return f == null ? dflt : f.longValue(min, max);
  }
}
