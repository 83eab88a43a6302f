package dev.vernier.monitor.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.alert.WindowKinds;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the typed parts of a stored window result (JSON, as written since the first release: arrays
 * {@code violations}, {@code incidents} and {@code alerts} of kind ids, each possibly absent).
 */
public final class WindowResultJson {
  private WindowResultJson() {}

  /** The kinds a stored result lists; {@link WindowKinds#NONE} for a null result. */
  public static WindowKinds kinds(String resultJson) {
    if (resultJson == null) {
      return WindowKinds.NONE;
    }
    return kinds(Json.parse(resultJson, "window result").node);
  }

  /** The kinds a result document lists. */
  public static WindowKinds kinds(JsonNode result) {
    return new WindowKinds(
        kinds(result, "violations"), kinds(result, "incidents"), kinds(result, "alerts"));
  }

  private static Set<ViolationKind> kinds(JsonNode result, String field) {
    Set<ViolationKind> out = new LinkedHashSet<>();
    JsonNode array = result.get(field);
    if (array != null && array.isArray()) {
      array.forEach(e -> out.add(ViolationKind.of(e.asText())));
    }
    return out;
  }
}
