package dev.vernier.monitor.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A JSON node with its path ({@code $.features[3].range.min}), whose accessors fail with an {@link
 * InvalidInputException} naming that path, the rule and the value.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  final String path;
  final JsonNode node;

  Json(String path, JsonNode node) {
    this.path = path;
    this.node = node;
  }

  /** Parses a document; {@code what} names it in the error. */
  static Json parse(String text, String what) {
    try {
      return new Json("$", MAPPER.readTree(text)).object();
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "$", what + " must be a JSON document", e.getOriginalMessage(), e);
    }
  }

  Json object() {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(path, "must be a JSON object", kind());
    }
    return this;
  }

  List<Json> array() {
    if (node == null || !node.isArray()) {
      throw new InvalidInputException(path, "must be a JSON array", kind());
    }
    List<Json> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(new Json(path + "[" + i + "]", node.get(i)));
    }
    return out;
  }

  /** A required member. */
  Json get(String name) {
    Json j = opt(name);
    if (j == null) {
      throw new InvalidInputException(path + "." + name, "is required", null);
    }
    return j;
  }

  /** An optional member; null when absent or JSON null. */
  Json opt(String name) {
    JsonNode n = node.get(name);
    return n == null || n.isNull() ? null : new Json(path + "." + name, n);
  }

  void rejectUnknown(Collection<String> known) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                throw new InvalidInputException(
                    path + "." + f, "is not a known field; known: " + new TreeSet<>(known), f);
              }
            });
  }

  String text() {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidInputException(path, "must be a non-empty string", kind());
    }
    return node.asText();
  }

  <E extends Enum<E>> E enumValue(Class<E> type) {
    String t = text();
    try {
      return Enum.valueOf(type, t.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          path, "must be one of " + List.of(type.getEnumConstants()), t);
    }
  }

  double doubleValue() {
    if (!node.isNumber()) {
      throw new InvalidInputException(path, "must be a number", kind());
    }
    double v = node.asDouble();
    if (!Double.isFinite(v)) {
      throw new InvalidInputException(path, "must be finite", v);
    }
    return v;
  }

  long longValue(long min, long max) {
    if (!node.isIntegralNumber()) {
      throw new InvalidInputException(path, "must be an integer", kind());
    }
    long v = node.asLong();
    if (v < min || v > max) {
      throw new InvalidInputException(path, "must be between " + min + " and " + max, v);
    }
    return v;
  }

  byte[] base64() {
    try {
      return Base64.getDecoder().decode(text());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(path, "must be base64", e.getMessage());
    }
  }

  private Object kind() {
    if (node == null || node.isNull()) {
      return "null";
    }
    return node.isValueNode() ? node.asText() : node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** A number as a person writes it: {@code 5} rather than {@code 5.0}. */
  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** A value shown in an error as is, without the quotes strings get. */
  record Shown(String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}
