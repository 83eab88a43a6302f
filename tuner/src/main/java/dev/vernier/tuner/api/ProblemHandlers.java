package dev.vernier.tuner.api;

import dev.vernier.core.InvalidInputException;
import dev.vernier.tuner.service.AlreadyFinishedException;
import dev.vernier.tuner.service.ForbiddenException;
import dev.vernier.tuner.service.NotConfiguredException;
import dev.vernier.tuner.service.NotFoundException;
import dev.vernier.tuner.service.TooLargeException;
import dev.vernier.tuner.storage.AlreadyExistsException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps the tuner's exceptions to problem documents. */
final class ProblemHandlers {
  private ProblemHandlers() {}

  /**
   * 400 for input that breaks a rule; 409 when a name is taken or the job has already ended; 403
   * for an object the caller may not touch (another token's worker, another worker's lease); 413
   * for an upload over its limit.
   */
  @Produces
  @Singleton
  static final class Invalid implements ExceptionHandler<InvalidInputException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidInputException e) {
      if (e instanceof AlreadyExistsException) {
        return Problem.of(
            HttpStatus.CONFLICT, "already-exists", "Already exists", e.getMessage(), e.field());
      }
      if (e instanceof NotConfiguredException) {
        return Problem.of(
            HttpStatus.CONFLICT,
            "not-configured",
            "Not configured here",
            e.getMessage(),
            e.field());
      }
      if (e instanceof ForbiddenException) {
        return Problem.of(
            HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage(), e.field());
      }
      if (e instanceof TooLargeException) {
        return Problem.of(
            HttpStatus.REQUEST_ENTITY_TOO_LARGE,
            "payload-too-large",
            "Payload too large",
            e.getMessage(),
            e.field());
      }
      if (e instanceof AlreadyFinishedException) {
        return Problem.of(
            HttpStatus.CONFLICT, "already-finished", "Already finished", e.getMessage(), e.field());
      }
      var errors = e.errors();
      String detail = errors.get(0).message();
      if (errors.size() > 1) {
        detail += " (and " + (errors.size() - 1) + " more, listed in errors)";
      }
      var r =
          Problem.of(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", detail, e.field());
      var list = r.body().putArray("errors");
      errors.forEach(x -> list.addObject().put("field", x.field()).put("detail", x.message()));
      return r;
    }
  }

  /** 404 for an id that names nothing. */
  @Produces
  @Singleton
  static final class NotFound implements ExceptionHandler<NotFoundException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, NotFoundException e) {
      return Problem.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), e.field());
    }
  }

  /** 500 for everything else, logged with the request. */
  @Produces
  @Singleton
  static final class Internal implements ExceptionHandler<RuntimeException, HttpResponse<?>> {
    private static final Logger LOG = Logger.getLogger(Internal.class.getName());

    @Override
    public HttpResponse<?> handle(HttpRequest request, RuntimeException e) {
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
