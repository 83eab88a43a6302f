package dev.vernier.app.server;

import dev.vernier.platform.problem.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.inject.Singleton;

/**
 * The limits on what comes before a request's body, and the answers when they are broken: a request
 * line (method, URI with its query, version) longer than {@link #LINE_BYTES} is 414 (URI too long),
 * header fields larger than {@link #HEADER_BYTES} in all are 431 (request header fields too large),
 * each a problem document stating the limit. They were 413s whose message named the body limits,
 * which sent the caller after the wrong thing.
 *
 * <p>How: Netty's decoder refuses such a request before any route or filter sees it, and Micronaut
 * then looks for a status route for 413. {@link #tooLarge()} is that route; Micronaut fails the
 * route's arguments with the decoder's exception ({@code TooLongHttpLineException}, {@code
 * TooLongHttpHeaderException}) and {@link Handler} turns it into the answer. Without the route
 * Micronaut would answer its plain 413 and the exception would never surface.
 *
 * <p>The limits are Netty's ({@code micronaut.server.netty.max-initial-line-length}, {@code
 * max-header-size}); {@link VernierServer} sets both from here, so what is enforced and what the
 * answer states cannot differ.
 */
@Controller
@Hidden
public class RequestHeadLimits {
  /** The longest request line, {@code GET /path?query HTTP/1.1}, in bytes. */
  public static final int LINE_BYTES = 4096;

  /** The most bytes of header fields one request may send, all of them together. */
  public static final int HEADER_BYTES = 8192;

  /**
   * The status route for 413: reached by a request the decoder refused (whose arguments fail with
   * the decoder's exception first, see {@link Handler}); any other 413 that reaches it is a body
   * over its limit.
   */
  @Error(status = HttpStatus.REQUEST_ENTITY_TOO_LARGE, global = true)
  public HttpResponse<?> tooLarge() {
    return Problem.of(
        HttpStatus.REQUEST_ENTITY_TOO_LARGE,
        "payload-too-large",
        "Payload too large",
        "the request body is over the service's limit (the administrator sets the limits:"
            + " vernier serve --max-json-bytes, --max-ingest-bytes, --max-artifact-bytes)",
        null);
  }

  /** A request line or header block over its limit, as 414 or 431 stating the limit. */
  @Singleton
  public static final class Handler
      implements ExceptionHandler<TooLongFrameException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, TooLongFrameException e) {
      if (e instanceof TooLongHttpHeaderException) {
        return Problem.of(
            HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "header-fields-too-large",
            "Request header fields too large",
            "the request's header fields are over the service's limit of "
                + HEADER_BYTES
                + " bytes in all; send fewer or shorter headers",
            "headers");
      }
      if (e instanceof TooLongHttpLineException) {
        return Problem.of(
            HttpStatus.REQUEST_URI_TOO_LONG,
            "uri-too-long",
            "URI too long",
            "the request line (method, path with its query, version) is over the service's limit"
                + " of "
                + LINE_BYTES
                + " bytes; send a shorter URI (fewer or shorter query values)",
            "uri");
      }
      return Problem.of(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "payload-too-large",
          "Payload too large",
          "a part of the request is over the service's limit: " + e.getMessage(),
          null);
    }
  }
}
