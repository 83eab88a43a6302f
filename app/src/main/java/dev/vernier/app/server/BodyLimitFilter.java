package dev.vernier.app.server;

import dev.vernier.platform.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Locale;
import java.util.Set;

/**
 * Per-route body limits, checked from the request's {@code Content-Length} before the body is read:
 * documents (specs, webhooks, tokens, the fleet's JSON) at most {@link RequestLimits#jsonBytes},
 * batches of events and labels at most {@link RequestLimits#ingestBytes}. Over the limit: 413 and a
 * problem document naming the size, the limit and the option that raises it. A document route sent
 * without a length (chunked) is answered 411: its size must be known before it is read. Ingestion
 * may be chunked; Micronaut then stops buffering at {@link RequestLimits#buffered()}. Artifact
 * uploads are streamed to disk and limited where they are written.
 */
@ServerFilter("/**")
public class BodyLimitFilter implements Ordered {
  /** Routes whose body is a batch of records rather than one document. */
  static final Set<String> INGEST_ROUTES =
      Set.of("/api/v1/monitors/{id}/events", "/api/v1/monitors/{id}/labels");

  /** Routes that stream their body to disk under a limit of their own. */
  static final Set<String> STREAMED_ROUTES = Set.of("/api/v1/fleet/leases/{leaseId}/artifact");

  private final RequestLimits limits;

  public BodyLimitFilter(RequestLimits limits) {
    this.limits = limits;
  }

  @Override
  public int getOrder() {
    // after authentication: an unauthenticated caller learns nothing about limits
    return AuthFilter.ORDER + 100;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    String method = request.getMethodName().toUpperCase(Locale.ROOT);
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      return null;
    }
    String route = MatchedRoute.template(request);
    if (route == null || STREAMED_ROUTES.contains(route)) {
      return null; // no route: a 404 follows; streamed: limited where it is written
    }
    boolean ingest = INGEST_ROUTES.contains(route);
    long limit = ingest ? limits.ingestBytes() : limits.jsonBytes();
    String option = ingest ? "--max-ingest-bytes" : "--max-json-bytes";
    String declared = request.getHeaders().get(HttpHeaders.CONTENT_LENGTH);
    if (declared == null) {
      boolean chunked =
          request
              .getHeaders()
              .get(HttpHeaders.TRANSFER_ENCODING, String.class)
              .map(t -> t.toLowerCase(Locale.ROOT).contains("chunked"))
              .orElse(false);
      if (chunked && !ingest) {
        return Problem.of(
            HttpStatus.LENGTH_REQUIRED,
            "length-required",
            "Length required",
            method
                + " "
                + route
                + " takes a document of at most "
                + limit
                + " bytes: send it with Content-Length, not chunked",
            HttpHeaders.CONTENT_LENGTH);
      }
      return null;
    }
    long length;
    try {
      length = Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      return null; // the HTTP codec refuses a malformed length itself
    }
    if (length > limit) {
      return Problem.of(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "payload-too-large",
          "Payload too large",
          "the body of "
              + method
              + " "
              + route
              + " is "
              + length
              + " bytes; this route takes at most "
              + limit
              + " (the administrator raises it with vernier serve "
              + option
              + ")",
          HttpHeaders.CONTENT_LENGTH);
    }
    return null;
  }
}
