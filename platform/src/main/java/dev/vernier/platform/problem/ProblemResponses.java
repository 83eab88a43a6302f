package dev.vernier.platform.problem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.NotAllowedException;
import io.micronaut.http.server.exceptions.UnsupportedMediaException;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Micronaut's own errors (an unknown route, a wrong method or Content-Type, a body over the limit,
 * a missing body, a query or path value of the wrong type) as the same problem documents the
 * service's exceptions become ({@link ProblemHandlers}): {@code application/problem+json} with a
 * stable {@code type}, a {@code detail} a person can act on and the {@code field} that was wrong.
 *
 * <p>Being an {@link ErrorResponseProcessor} bean, it replaces Micronaut's default one, which every
 * built-in exception handler and the router's 404 / 405 / 415 answers go through. It keeps the
 * status and headers (such as {@code Allow}) of the response it is given and only writes the body.
 */
@Singleton
final class ProblemResponses implements ErrorResponseProcessor<ObjectNode> {
  @Override
  @SuppressWarnings("unchecked")
  public MutableHttpResponse<ObjectNode> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = response.getStatus();
    ObjectNode body = document(status, context);
    return ((MutableHttpResponse<ObjectNode>) response.body(body)).contentType(Problem.MEDIA_TYPE);
  }

  private static ObjectNode document(HttpStatus status, ErrorContext context) {
    HttpRequest<?> request = context.getRequest();
    String route = request.getMethodName() + " " + request.getPath();
    Throwable cause = context.getRootCause().orElse(null);
    String message = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(null);
    return switch (status) {
      case BAD_REQUEST -> badRequest(status, cause, message);
      case NOT_FOUND ->
          Problem.document(
              status,
              "not-found",
              "Not found",
              "no route matches " + route + "; the API is described at /openapi/vernier.yml",
              null);
      case METHOD_NOT_ALLOWED ->
          Problem.document(
              status,
              "method-not-allowed",
              "Method not allowed",
              request.getMethodName()
                  + " is not allowed on "
                  + request.getPath()
                  + "; allowed: "
                  + (cause instanceof NotAllowedException n
                      ? String.join(", ", new java.util.TreeSet<>(n.getAllowedMethods()))
                      : "see /openapi/vernier.yml"),
              null);
      case UNSUPPORTED_MEDIA_TYPE ->
          Problem.document(
              status,
              "unsupported-media-type",
              "Unsupported media type",
              "Content-Type "
                  + request.getContentType().map(Object::toString).orElse("(none)")
                  + " is not accepted by "
                  + route
                  + "; send "
                  + (cause instanceof UnsupportedMediaException u
                      ? String.join(" or ", u.getAcceptableContentTypes())
                      : "application/json"),
              HttpHeaders.CONTENT_TYPE);
      case REQUEST_ENTITY_TOO_LARGE ->
          Problem.document(
              status,
              "payload-too-large",
              "Payload too large",
              "the request body is over the service's limit"
                  + (cause instanceof ContentLengthExceededException && cause.getMessage() != null
                      ? ": " + cause.getMessage()
                      : "")
                  + " (the administrator sets the limits: vernier serve --max-json-bytes,"
                  + " --max-ingest-bytes, --max-artifact-bytes)",
              null);
      default ->
          Problem.document(
              status,
              status.getCode() >= 500 ? "internal" : slug(status.getReason()),
              status.getReason(),
              message == null ? status.getReason() + ": " + route : message,
              null);
    };
  }

  /** A missing body or parameter, or a value of the wrong type, as the service's invalid input. */
  private static ObjectNode badRequest(HttpStatus status, Throwable cause, String message) {
    InvalidInputException e;
    if (cause instanceof UnsatisfiedBodyRouteException) {
      e = new InvalidInputException("$", "the request body is required (a JSON document)", null);
    } else if (cause instanceof UnsatisfiedRouteException u) {
      e = new InvalidInputException(u.getArgument().getName(), "is required", null);
    } else if (cause instanceof ConversionErrorException c) {
      Argument<?> a = c.getArgument();
      e =
          new InvalidInputException(
              a.getName(),
              "must be " + describe(a.getType()),
              c.getConversionError().getOriginalValue().map(String::valueOf).orElse(null));
    } else if (cause instanceof InvalidInputException i) {
      e = i;
    } else {
      return Problem.document(
          status,
          "invalid-input",
          "Invalid input",
          message == null ? "the request is malformed" : message,
          null);
    }
    return Problem.document(status, "invalid-input", "Invalid input", e.getMessage(), e.field());
  }

  /**
   * What a parameter of {@code type} accepts; integers with their range, so that a value like
   * {@code 2147483648} for an int reads as the range problem it is, not as "not an integer".
   */
  static String describe(Class<?> type) {
    if (type == int.class || type == Integer.class) {
      return "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (type == long.class || type == Long.class) {
      return "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }
    if (type == short.class || type == Short.class) {
      return "an integer from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
    }
    if (type == double.class || type == Double.class || type == float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    return "a " + type.getSimpleName();
  }

  private static String slug(String reason) {
    return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
