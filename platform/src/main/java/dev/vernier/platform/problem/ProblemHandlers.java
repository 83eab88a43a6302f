package dev.vernier.platform.problem;

import dev.vernier.core.ErrorKind;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.VernierException;
import dev.vernier.platform.db.TransientFailures;
import dev.vernier.platform.error.UnavailableException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Maps the service's exceptions to problem documents: every {@link VernierException} by its {@link
 * ErrorKind} (the one place a kind becomes an HTTP status), a database failure that may pass
 * ({@link TransientFailures}: SQLite busy past its timeout, no PostgreSQL connection, a
 * serialization failure or deadlock) as 503, anything else as 500. Every 503 carries {@code
 * Retry-After: 1}.
 */
public final class ProblemHandlers {
  /** The seconds a client should wait before sending a request that failed for now again. */
  public static final int RETRY_AFTER_SECONDS = 1;

  private ProblemHandlers() {}

  /** The HTTP status of each kind of error. */
  public static HttpStatus status(ErrorKind kind) {
    return switch (kind) {
      case INVALID -> HttpStatus.BAD_REQUEST;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case CONFLICT -> HttpStatus.CONFLICT;
      case FORBIDDEN -> HttpStatus.FORBIDDEN;
      case TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
      case TRANSIENT -> HttpStatus.SERVICE_UNAVAILABLE;
    };
  }

  /**
   * The problem document of {@code e}: its kind's status, {@code type} ending in its code, its
   * message and field. Bad input ({@link ErrorKind#INVALID}) also lists every error of the request
   * in {@code errors}, the detail saying how many more there are.
   */
  public static MutableHttpResponse<com.fasterxml.jackson.databind.node.ObjectNode> response(
      VernierException e) {
    HttpStatus status = status(e.kind());
    if (e.kind() == ErrorKind.INVALID && e instanceof InvalidInputException invalid) {
      var errors = invalid.errors();
      String detail = errors.get(0).message();
      if (errors.size() > 1) {
        detail += " (and " + (errors.size() - 1) + " more, listed in errors)";
      }
      var r = Problem.of(status, e.code(), e.title(), detail, e.field());
      var list = r.body().putArray("errors");
      errors.forEach(x -> list.addObject().put("field", x.field()).put("detail", x.message()));
      return r;
    }
    var r = Problem.of(status, e.code(), e.title(), e.getMessage(), e.field());
    if (e.kind().retriable()) {
      r.header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
    }
    return r;
  }

  /**
   * 400 for input that breaks a rule; 404 for an id that names nothing; 409 when a name is taken,
   * the job has already ended or the server is not configured for the request; 403 for an object
   * the caller may not touch (another token's worker, another worker's lease); 413 for an upload
   * over its limit; 503 for a dependency that failed for now.
   */
  @Produces
  @Singleton
  static final class Known implements ExceptionHandler<VernierException, HttpResponse<?>> {
    private static final Logger LOG = Logger.getLogger(Known.class.getName());

    @Override
    public HttpResponse<?> handle(HttpRequest request, VernierException e) {
      if (e.kind() == ErrorKind.TRANSIENT) {
        LOG.log(Level.WARNING, request.getMethod() + " " + request.getPath() + " failed", e);
      }
      return response(e);
    }
  }

  /**
   * 503 for a database failure that may pass ({@link TransientFailures}), as {@link
   * UnavailableException}; 500 for everything else; both logged with the request.
   */
  @Produces
  @Singleton
  static final class Internal implements ExceptionHandler<RuntimeException, HttpResponse<?>> {
    private static final Logger LOG = Logger.getLogger(Internal.class.getName());

    @Override
    public HttpResponse<?> handle(HttpRequest request, RuntimeException e) {
      var transientFailure = TransientFailures.unavailable(e);
      if (transientFailure.isPresent()) {
        LOG.log(Level.WARNING, request.getMethod() + " " + request.getPath() + " failed", e);
        return response(transientFailure.get());
      }
      LOG.log(Level.SEVERE, request.getMethod() + " " + request.getPath() + " failed", e);
      return Problem.of(
          HttpStatus.INTERNAL_SERVER_ERROR,
          "internal",
          "Internal error",
          "the service failed: " + e.getClass().getSimpleName() + "; see its log",
          null);
    }
  }
}
