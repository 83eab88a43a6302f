package dev.vernier.tuner.job;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.ParameterRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses one parameter range of a job and checks it against the algorithm's range. */
final class RangeParser {
  private RangeParser() {}

  static ParameterRange parse(Json r) {
    String type = r.get("type").text();
    try {
      switch (type) {
        case "continuous" -> {
          r.rejectUnknown(Set.of("type", "min", "max", "scaling"));
          return new ContinuousRange(
              r.get("min").doubleValue(), r.get("max").doubleValue(), scaling(r));
        }
        case "integer" -> {
          r.rejectUnknown(Set.of("type", "min", "max", "scaling"));
          return new IntegerRange(
              r.get("min").longValue(Long.MIN_VALUE, Long.MAX_VALUE),
              r.get("max").longValue(Long.MIN_VALUE, Long.MAX_VALUE),
              scaling(r));
        }
        case "categorical" -> {
          r.rejectUnknown(Set.of("type", "values"));
          List<String> values = new ArrayList<>();
          for (Json v : r.get("values").array()) {
            values.add(v.scalarText());
          }
          return new CategoricalRange(values);
        }
        default ->
            throw new InvalidInputException(
                r.path + ".type", "must be continuous, integer or categorical", type);
      }
    } catch (InvalidInputException e) {
      if (e.field().startsWith("$")) {
        throw e;
      }
      throw new InvalidInputException(r.path, e.getMessage(), null);
    }
  }

  private static dev.vernier.core.space.Scaling scaling(Json r) {
    Json s = r.opt("scaling");
    return s == null
        ? dev.vernier.core.space.Scaling.AUTO
        : dev.vernier.core.space.Scaling.parse(s.path, s.text());
  }

  /** A tuned range must lie inside what the algorithm accepts, and be of its type. */
  static void checkWithin(String path, ParameterRange tuned, ParameterRange allowed) {
    if (!tuned.typeName().equals(allowed.typeName())) {
      throw new InvalidInputException(
          path + ".type", "this hyperparameter is " + allowed.typeName(), tuned.typeName());
    }
    if (tuned instanceof CategoricalRange c) {
      for (String v : c.values()) {
        allowed.coerce(path + ".values", v);
      }
    } else if (tuned instanceof IntegerRange i) {
      // the bounds as given, not as a unit round trip reads them (2^63-1 came back 2^63-1-30719)
      allowed.coerce(path + ".min", i.min());
      allowed.coerce(path + ".max", i.max());
    } else if (tuned instanceof ContinuousRange c) {
      allowed.coerce(path + ".min", c.min());
      allowed.coerce(path + ".max", c.max());
    } else {
      allowed.coerce(path + ".min", tuned.fromUnit(0));
      allowed.coerce(path + ".max", tuned.fromUnit(1));
    }
  }
}
