package dev.vernier.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A JSON node with its path ({@code $.limits.maxTrials}), whose accessors fail with an {@link
 * InvalidInputException} naming that path and the rule.
 */
public final class Json {
  public final String path;
  public final JsonNode node;

  /**
   * The one mapper every module reads and writes plain JSON documents with (requests, stored specs,
   * problem documents): default settings, never reconfigured after start (a mapper is thread-safe
   * only so). Output that needs other settings (indented files, YAML) builds its own.
   */
  public static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** Parses a document that must be a JSON object; {@code what} names it in the error. */
  public static Json parse(String text, String what) {
    try {
      return new Json("$", MAPPER.readTree(text)).object();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException(
          "$", what + " must be a JSON document", e.getOriginalMessage(), e);
    }
  }

  /**
   * Why a request body that Jackson binds to a type (not through {@link Json}) was refused, as bad
   * input in the API's words: the field's path ({@code $.objective}), the rule ({@code must be a
   * number}, {@code must be one of [...]}) and the value sent, never a Java type's name.
   *
   * @param what the document the body should be, in words ({@code "a trial report"})
   * @param root how a field's path begins, as for {@link #Json(String, JsonNode)}: {@code "$"} for
   *     {@code $.objective}, {@code ""} for the bare {@code objective} of an API that names its
   *     fields so (the fleet protocol); a body that is not the document at all is always {@code $}
   */
  public static InvalidInputException bindingError(
      com.fasterxml.jackson.core.JsonProcessingException e, String what, String root) {
    if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m)) {
      return new InvalidInputException(
          "$", "the body is not valid JSON: " + e.getOriginalMessage(), null, e);
    }
    StringBuilder path = new StringBuilder(root);
    for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    boolean whole = path.length() == root.length();
    if (whole) {
      path.setLength(0);
      path.append('$');
    }
    if (m instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
      List<String> known = new ArrayList<>();
      if (u.getKnownPropertyIds() != null) {
        u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      }
      return new InvalidInputException(
          path.toString(), "is not a field of " + what + " (its fields: " + known + ")", null, e);
    }
    if (m instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi) {
      String rule = rule(mi.getTargetType(), whole ? what : null);
      String value;
      if (mi instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f) {
        value = String.valueOf(f.getValue());
      } else {
        value = sent(mi);
      }
      return new InvalidInputException(path.toString(), rule, value, e);
    }
    return new InvalidInputException(path.toString(), "is not " + what, null, e);
  }

  /** The rule a value bound to {@code type} keeps, in the API's words. */
  private static String rule(Class<?> type, String document) {
    if (type == null) {
      return document != null ? "must be " + document : "has the wrong type";
    }
    if (type.isEnum()) {
      return oneOf(type);
    }
    if (Number.class.isAssignableFrom(type)
        || (type.isPrimitive() && type != boolean.class && type != char.class)) {
      return "must be a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "must be true or false";
    }
    if (CharSequence.class.isAssignableFrom(type) || type == Character.class) {
      return "must be a string";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "must be a JSON array";
    }
    return document != null ? "must be " + document + ", a JSON object" : "must be a JSON object";
  }

  private static String oneOf(Class<?> enumType) {
    return "must be one of " + List.of(enumType.getEnumConstants());
  }

  private static final java.util.regex.Pattern TOKEN =
      java.util.regex.Pattern.compile("JsonToken\\.([A-Z_]+)");

  /**
   * What the body held where binding failed, in the words {@link #kind()} uses: the token Jackson's
   * message names (its parser is closed by then), or nothing at all.
   */
  private static String sent(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    java.util.regex.Matcher m = TOKEN.matcher(message);
    if (!m.find()) {
      return message.contains("end-of-input") ? "nothing (an empty body)" : null;
    }
    return switch (m.group(1)) {
      case "START_ARRAY", "END_ARRAY" -> "array";
      case "START_OBJECT", "END_OBJECT", "FIELD_NAME" -> "object";
      case "VALUE_STRING" -> "string";
      case "VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT" -> "number";
      case "VALUE_TRUE", "VALUE_FALSE" -> "boolean";
      case "VALUE_NULL" -> "null";
      default -> null;
    };
  }

  /** A string naming a constant of {@code type}, case-insensitive. */
  public <E extends Enum<E>> E enumValue(Class<E> type) {
    String t = text();
    try {
      return Enum.valueOf(type, t.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(path, oneOf(type), t);
    }
  }

  /** A base64 string's bytes. */
  public byte[] base64() {
    try {
      return java.util.Base64.getDecoder().decode(text());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(path, "must be base64", e.getMessage());
    }
  }

  public Json(String path, JsonNode node) {
    this.path = path;
    this.node = node;
  }

  public Json object() {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(path, "must be a JSON object", kind());
    }
    return this;
  }

  public List<Json> array() {
    if (node == null || !node.isArray()) {
      throw new InvalidInputException(path, "must be a JSON array", kind());
    }
    List<Json> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(new Json(path + "[" + i + "]", node.get(i)));
    }
    return out;
  }

  /** A required member. */
  public Json get(String name) {
    Json j = opt(name);
    if (j == null) {
      throw new InvalidInputException(path + "." + name, "is required", null);
    }
    return j;
  }

  /** An optional member; null when absent or JSON null. */
  public Json opt(String name) {
    JsonNode n = node.get(name);
    return n == null || n.isNull() ? null : new Json(path + "." + name, n);
  }

  public Map<String, Json> fields() {
    Map<String, Json> out = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            e -> out.put(e.getKey(), new Json(path + "." + e.getKey(), e.getValue())));
    return out;
  }

  public void rejectUnknown(Collection<String> known) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                throw new InvalidInputException(
                    path + "." + f, "is not a known field; known: " + new TreeSet<>(known), f);
              }
            });
  }

  public String text() {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidInputException(path, "must be a non-empty string", kind());
    }
    return node.asText();
  }

  /** A string, number or boolean as text (hyperparameter values may be written either way). */
  public String scalarText() {
    if (!node.isValueNode()) {
      throw new InvalidInputException(path, "must be a string, number or boolean", kind());
    }
    return node.asText();
  }

  /**
   * A measured value, such as an epoch's metric: a number, non-finite ones included (a diverged
   * epoch is a fact to record), with {@code NaN}, {@code Infinity} and {@code -Infinity} also
   * accepted as strings, as Jackson writes them. Anything else ({@code "abc"}, {@code true}, {@code
   * null}, an object) is refused naming the field: read leniently, {@code true} was 1.0 and {@code
   * "abc"} 0.0, which could become a trial's best epoch.
   */
  public double metricValue() {
    if (node != null && node.isNumber()) {
      return node.doubleValue();
    }
    if (node != null && node.isTextual()) {
      switch (node.textValue()) {
        case "NaN":
          return Double.NaN;
        case "Infinity", "+Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          throw new InvalidInputException(
              path, "must be a number (NaN, Infinity, -Infinity may be strings)", node.textValue());
      }
    }
    throw new InvalidInputException(path, "must be a number", kind());
  }

  public double doubleValue() {
    if (!node.isNumber()) {
      throw new InvalidInputException(path, "must be a number", kind());
    }
    double v = node.asDouble();
    if (!Double.isFinite(v)) {
      throw new InvalidInputException(path, "must be finite", v);
    }
    return v;
  }

  /**
   * An integer from {@code min} to {@code max}, refused (never wrapped or clamped) when the number
   * has a fraction or does not fit: {@code 1e30}, {@code 1.5} and {@code -1} for a count all fail
   * with the path, the rule and the value. Every integer field of a document reads through here.
   */
  public long longValue(long min, long max) {
    String range = "between " + min + " and " + max;
    if (node == null || !node.isNumber()) {
      throw new InvalidInputException(path, "must be an integer " + range, kind());
    }
    java.math.BigDecimal v;
    if (node.isIntegralNumber()) {
      v = new java.math.BigDecimal(node.bigIntegerValue());
    } else if (Double.isFinite(node.asDouble())) {
      v = node.decimalValue();
    } else {
      throw new InvalidInputException(path, "must be an integer " + range, node.numberValue());
    }
    if (v.signum() != 0 && v.stripTrailingZeros().scale() > 0) {
      throw new InvalidInputException(path, "must be an integer " + range, node.numberValue());
    }
    if (v.compareTo(java.math.BigDecimal.valueOf(min)) < 0
        || v.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
      throw new InvalidInputException(path, "must be " + range, node.numberValue());
    }
    return v.longValueExact();
  }

  private Object kind() {
    if (node == null || node.isNull()) {
      return "null";
    }
    return node.isValueNode()
        ? node.asText()
        : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
