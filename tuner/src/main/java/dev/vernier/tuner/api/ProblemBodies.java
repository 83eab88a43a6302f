package dev.vernier.tuner.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * The framework's own errors (no such route, a method or content type the route does not take, a
 * path value that is not a number) as problem documents, like the service's: Micronaut's JSON error
 * body is replaced.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
final class ProblemBodies implements JsonErrorResponseBodyProvider<ObjectNode> {
  @Override
  public ObjectNode body(ErrorContext context, HttpResponse<?> response) {
    int code = response.code();
    String detail =
        context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
    if (detail.isBlank()) {
      detail = response.reason();
    }
    String type =
        switch (code) {
          case 400 -> "invalid-input";
          case 404 -> "not-found";
          case 405 -> "method-not-allowed";
          case 406 -> "not-acceptable";
          case 413 -> "too-large";
          case 415 -> "unsupported-media-type";
          default -> code >= 500 ? "internal" : "http-" + code;
        };
    String field = code == 415 ? HttpHeaders.CONTENT_TYPE : code == 406 ? HttpHeaders.ACCEPT : null;
    return Problem.of(response.status(), type, response.reason(), detail, field).body();
  }

  @Override
  public String contentType() {
    return Problem.MEDIA_TYPE;
  }
}
