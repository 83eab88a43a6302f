package dev.vernier.platform.problem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.json.Json;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/**
 * RFC 9457 problem documents: a stable {@code type} URI per kind of error, a {@code title}, the
 * {@code detail} a person can act on and, for bad input, the offending {@code field}. Bad input
 * also lists every error of the request in {@code errors: [{field, detail}]}; {@code field} and
 * {@code detail} are the first one's.
 */
public final class Problem {
  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String BASE = "https://vernier.dev/problems/";

  private Problem() {}

  public static MutableHttpResponse<ObjectNode> of(
      HttpStatus status, String type, String title, String detail, String field) {
    return HttpResponse.<ObjectNode>status(status)
        .body(document(status, type, title, detail, field))
        .contentType(MEDIA_TYPE);
  }

  /** The document alone, for a response that already exists (Micronaut's own errors). */
  static ObjectNode document(
      HttpStatus status, String type, String title, String detail, String field) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("type", BASE + type);
    o.put("title", title);
    o.put("status", status.getCode());
    o.put("detail", detail);
    if (field != null) {
      o.put("field", field);
    }
    return o;
  }
}
