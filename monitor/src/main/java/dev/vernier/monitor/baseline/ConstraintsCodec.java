package dev.vernier.monitor.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Constraints as a JSON document a person edits:
 *
 * <pre>{@code
 * {"features": [
 *   {"name": "f0", "type": "NUMERIC", "minCompleteness": 0.95, "range": {"min": 0, "max": 1}},
 *   {"name": "color", "type": "CATEGORICAL", "minCompleteness": 1, "allowedCategories": ["red"]}
 * ]}
 * }</pre>
 *
 * <p>A numeric feature without {@code range} has no range check. Reading checks the document
 * against the schema (same features in the same order, allowed categories among the schema's) and
 * every error is an {@link InvalidInputException} whose field is the JSON path, e.g. {@code
 * $.features[3].range.min: must be <= max, got 5 > 2}.
 */
public final class ConstraintsCodec {
  private static final Set<String> TOP = Set.of("features");
  private static final Set<String> FEATURE =
      Set.of("name", "type", "minCompleteness", "range", "allowedCategories");
  private static final Set<String> RANGE = Set.of("min", "max");

  private ConstraintsCodec() {}

  public static ObjectNode toJson(Constraints c) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode fs = o.putArray("features");
    for (FeatureConstraint f : c.features()) {
      ObjectNode n =
          fs.addObject()
              .put("name", f.name())
              .put("type", f.type().name())
              .put("minCompleteness", f.minCompleteness());
      if (f.range() != null) {
        n.putObject("range").put("min", f.range().min()).put("max", f.range().max());
      }
      if (f.allowedCategories() != null) {
        ArrayNode a = n.putArray("allowedCategories");
        f.allowedCategories().forEach(a::add);
      }
    }
    return o;
  }

  /** Indented JSON, for a person to edit. */
  public static String write(Constraints c) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(c));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads an edited constraints document and checks it against the schema. */
  public static Constraints read(String json, Schema schema) {
    return read(Json.parse(json, "a constraints document"), schema);
  }

  static Constraints read(Json root, Schema schema) {
    root.object().rejectUnknown(TOP);
    List<Json> items = root.get("features").array();
    if (items.size() != schema.size()) {
      throw new InvalidInputException(
          root.path + ".features",
          "must list the schema's " + schema.size() + " features, in order",
          items.size());
    }
    List<FeatureConstraint> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(feature(items.get(i), schema.feature(i), i));
    }
    return new Constraints(out);
  }

  private static FeatureConstraint feature(Json j, FeatureSchema f, int i) {
    j.object().rejectUnknown(FEATURE);
    Json name = j.get("name");
    if (!name.text().equals(f.name())) {
      throw new InvalidInputException(
          name.path, "must be '" + f.name() + "', the schema's feature " + i, name.text());
    }
    Json typeNode = j.get("type");
    FeatureType type = typeNode.enumValue(FeatureType.class);
    if (type != f.type()) {
      throw new InvalidInputException(
          typeNode.path, "must be " + f.type() + " as in the schema", type);
    }
    Json c = j.get("minCompleteness");
    double completeness = c.doubleValue();
    if (completeness < 0 || completeness > 1) {
      throw new InvalidInputException(c.path, "must be between 0 and 1", completeness);
    }
    Json range = j.opt("range");
    Json allowed = j.opt("allowedCategories");
    if (type == FeatureType.NUMERIC) {
      if (allowed != null) {
        throw new InvalidInputException(
            allowed.path, "only a categorical feature has allowed categories", null);
      }
      return FeatureConstraint.numeric(f.name(), completeness, range == null ? null : range(range));
    }
    if (range != null) {
      throw new InvalidInputException(range.path, "only a numeric feature has a range", null);
    }
    if (allowed == null) {
      throw new InvalidInputException(
          j.path + ".allowedCategories", "is required for a categorical feature", null);
    }
    return FeatureConstraint.categorical(f.name(), completeness, categories(allowed, f));
  }

  private static NumericRange range(Json r) {
    r.object().rejectUnknown(RANGE);
    double min = r.get("min").doubleValue();
    double max = r.get("max").doubleValue();
    if (min > max) {
      throw new InvalidInputException(
          r.path + ".min",
          "must be <= max",
          new Shown.Text(Shown.num(min) + " > " + Shown.num(max)));
    }
    return new NumericRange(min, max);
  }

  private static List<String> categories(Json allowed, FeatureSchema f) {
    List<Json> items = allowed.array();
    if (items.isEmpty()) {
      throw new InvalidInputException(allowed.path, "must list at least one category", "[]");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < f.categoryCount(); i++) {
      index.put(f.categories().get(i), i);
    }
    Map<String, String> seen = new HashMap<>();
    List<String> out = new ArrayList<>(items.size());
    for (Json item : items) {
      String v = item.text();
      if (!index.containsKey(v)) {
        throw new InvalidInputException(
            item.path,
            "must be one of the schema's categories " + Constraints.abbreviate(f.categories()),
            v);
      }
      String before = seen.put(v, item.path);
      if (before != null) {
        throw new InvalidInputException(item.path, "repeats " + before, v);
      }
      out.add(v);
    }
    return out;
  }
}
