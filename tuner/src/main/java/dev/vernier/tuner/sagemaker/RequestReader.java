package dev.vernier.tuner.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InputErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one request's fields with the JSON types SageMaker's API gives them, collecting every error
 * instead of stopping at the first, the fields it consumed (so the rest can be listed as ignored)
 * and, for each field of the Vernier job it fills, the request field it came from.
 *
 * <p>One instance per request, used by one thread. Field paths are written as SageMaker writes them
 * ({@code HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs}); {@link #used}
 * holds them as JSON paths ({@code $.HyperParameterTuningJobConfig...}).
 */
class RequestReader {
  /** The JSON types SageMaker's API gives its fields. */
  enum Kind {
    OBJECT("an object"),
    ARRAY("an array"),
    STRING("a non-empty string"),
    INTEGER("an integer"),
    NUMBER("a number");

    final String word;

    Kind(String word) {
      this.word = word;
    }

    boolean accepts(JsonNode n) {
      return switch (this) {
        case OBJECT -> n.isObject();
        case ARRAY -> n.isArray();
        case STRING -> n.isTextual() && !n.asText().isBlank();
        case INTEGER ->
            n.isIntegralNumber() || (n.isNumber() && n.asDouble() == Math.rint(n.asDouble()));
        case NUMBER -> n.isNumber();
      };
    }
  }

  final InputErrors errors = new InputErrors();
  final Set<String> used = new LinkedHashSet<>();
  final Map<String, String> origins = new LinkedHashMap<>();

  /** Fields read and set aside, each as {@code $.path: reason}, for the answer's ignoredFields. */
  final List<String> ignoredWithReason = new ArrayList<>();

  /** Whether a {@code test} channel became the job's validation channel (and its metrics). */
  boolean testAsValidation;

  /** Copies a scalar member of {@code from} to {@code to.as}, remembering where it came from. */
  void copy(
      JsonNode from, String path, String name, Kind kind, ObjectNode to, String at, String as) {
    JsonNode v = member(from, path, name, kind, false);
    if (v != null) {
      to.set(as, v);
      origins.put(at + "." + as, path + "." + name);
    }
  }

  String text(JsonNode parent, String path, String name, boolean required) {
    JsonNode n = member(parent, path, name, Kind.STRING, required);
    return n == null ? null : n.asText();
  }

  /**
   * The member {@code name} of {@code parent} when it is there and of the right kind; null when it
   * is absent (an error if required) or of another kind (an error), or when the parent itself was
   * missing or wrong (its error already recorded).
   *
   * @param path the parent's field as SageMaker writes it, empty for the request
   */
  JsonNode member(JsonNode parent, String path, String name, Kind kind, boolean required) {
    if (parent == null) {
      return null;
    }
    String p = path.isEmpty() ? name : path + "." + name;
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      if (required) {
        errors.add(p, "is required (" + kind.word + ")", null);
      }
      return null;
    }
    return check(n, p, kind);
  }

  JsonNode item(JsonNode array, int i, String p, Kind kind) {
    return check(array.get(i), p, kind);
  }

  private JsonNode check(JsonNode n, String p, Kind kind) {
    if (!kind.accepts(n)) {
      errors.add(p, "must be " + kind.word, shown(n));
      return null;
    }
    if (kind != Kind.OBJECT && kind != Kind.ARRAY) {
      used.add("$." + p);
    }
    return n;
  }

  /** How a wrong value is shown: a number or boolean as itself, a string quoted, else its kind. */
  static Object shown(JsonNode n) {
    if (n == null || n.isNull()) {
      return "null";
    }
    if (n.isNumber()) {
      return n.numberValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return n.isTextual() ? n.asText() : new Shown(n.isObject() ? "an object" : "an array");
  }

  /** A value shown unquoted in an error. */
  private record Shown(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /** Collects every leaf path of {@code n} that no rule consumed. */
  static void leaves(JsonNode n, String path, Set<String> used, List<String> out) {
    if (used.contains(path)) {
      return;
    }
    if (n.isObject() && n.size() > 0) {
      n.fields().forEachRemaining(e -> leaves(e.getValue(), path + "." + e.getKey(), used, out));
    } else if (n.isArray() && n.size() > 0) {
      for (int i = 0; i < n.size(); i++) {
        leaves(n.get(i), path + "[" + i + "]", used, out);
      }
    } else {
      out.add(path);
    }
  }
}
