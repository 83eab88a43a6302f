package dev.vernier.tuner.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A trial's typed configuration as JSON: {@link Double} values are written with a decimal point and
 * read back as Double, {@link Long} as integers, {@link String} as strings, so the types survive a
 * round trip.
 */
public final class ConfigJson {
  private static final ObjectMapper JSON = dev.vernier.core.json.Json.MAPPER;

  private ConfigJson() {}

  public static ObjectNode toNode(Map<String, Object> config) {
    ObjectNode o = JSON.createObjectNode();
    config.forEach(
        (k, v) -> {
          if (v instanceof Double d) {
            o.put(k, d);
          } else if (v instanceof Long l) {
            o.put(k, l);
          } else {
            o.put(k, String.valueOf(v));
          }
        });
    return o;
  }

  public static String write(Map<String, Object> config) {
    return toNode(config).toString();
  }

  /** How many parsed configurations {@link #read} keeps; past it the cache starts over. */
  static final int CACHE_SIZE = 65_536;

  private static final ConcurrentHashMap<String, Map<String, Object>> PARSED =
      new ConcurrentHashMap<>();

  /**
   * The configuration stored as {@code json}, unmodifiable. A stored configuration never changes
   * and the same text always parses to the same map, so parsed maps are kept by their text (a
   * bayesian tick reads every trial of its job, an early-stopping decision too): a bounded cache
   * that starts over when full, safe across databases since it is keyed by content, not by trial
   * id.
   */
  public static Map<String, Object> read(String json) {
    Map<String, Object> hit = PARSED.get(json);
    if (hit != null) {
      return hit;
    }
    Map<String, Object> parsed = Collections.unmodifiableMap(parse(json));
    if (PARSED.size() >= CACHE_SIZE) {
      PARSED.clear();
    }
    PARSED.put(json, parsed);
    return parsed;
  }

  private static Map<String, Object> parse(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      Map<String, Object> out = new LinkedHashMap<>();
      n.fields()
          .forEachRemaining(
              e -> {
                JsonNode v = e.getValue();
                out.put(
                    e.getKey(),
                    v.isFloatingPointNumber()
                        ? (Object) v.asDouble()
                        : v.isIntegralNumber() ? (Object) v.asLong() : v.asText());
              });
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("stored configuration is not JSON", e);
    }
  }
}
