package dev.vernier.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.ErrorKind;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.VernierException;
import dev.vernier.platform.error.AlreadyExistsException;
import dev.vernier.platform.error.AlreadyFinishedException;
import dev.vernier.platform.error.ForbiddenException;
import dev.vernier.platform.error.NotConfiguredException;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.platform.error.TooLargeException;
import dev.vernier.platform.error.UnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every error type's kind, status, type, title and field, as the REST API has always shown them.
 */
class ProblemHandlersTest {

  private static ObjectNode body(VernierException e) {
    var r = ProblemHandlers.response(e);
    assertEquals(Problem.MEDIA_TYPE, r.getContentType().orElseThrow().toString());
    return r.body();
  }

  private static void check(
      VernierException e, ErrorKind kind, int status, String type, String title) {
    assertEquals(kind, e.kind());
    ObjectNode o = body(e);
    assertEquals(status, o.get("status").asInt());
    assertEquals(status, ProblemHandlers.response(e).getStatus().getCode());
    assertEquals(Problem.BASE + type, o.get("type").asText());
    assertEquals(title, o.get("title").asText());
    assertEquals(e.getMessage(), o.get("detail").asText());
  }

  @Test
  void everyKindHasItsStatusAndDocument() {
    check(
        new AlreadyExistsException("$.name", "j1"),
        ErrorKind.CONFLICT,
        409,
        "already-exists",
        "Already exists");
    check(
        new AlreadyFinishedException("id", "the job has already ended", "j1"),
        ErrorKind.CONFLICT,
        409,
        "already-finished",
        "Already finished");
    check(
        new NotConfiguredException("$.kafka", "needs --kafka", null),
        ErrorKind.CONFLICT,
        409,
        "not-configured",
        "Not configured here");
    check(
        new ForbiddenException("X-Worker-Secret", "is wrong", null),
        ErrorKind.FORBIDDEN,
        403,
        "forbidden",
        "Forbidden");
    check(
        new TooLargeException("body", 10, 11, "--max-json-bytes"),
        ErrorKind.TOO_LARGE,
        413,
        "payload-too-large",
        "Payload too large");
    check(
        new NotFoundException("id", "tuning job j9"),
        ErrorKind.NOT_FOUND,
        404,
        "not-found",
        "Not found");
    check(
        new UnavailableException("the database is busy; retry", null),
        ErrorKind.TRANSIENT,
        503,
        "unavailable",
        "Service unavailable");
    assertEquals("id", body(new NotFoundException("id", "tuning job j9")).get("field").asText());
    assertEquals(
        "tuning job j9 does not exist", new NotFoundException("id", "tuning job j9").getMessage());
    assertFalse(body(new UnavailableException("busy", null)).has("field"));
    // a failure that may pass says when to retry; one that will not, does not
    assertEquals(
        "1",
        ProblemHandlers.response(new UnavailableException("busy", null))
            .getHeaders()
            .get("Retry-After"));
    assertEquals(
        null,
        ProblemHandlers.response(new NotFoundException("id", "tuning job j9"))
            .getHeaders()
            .get("Retry-After"));
    // conflicts are input errors to the CLI (exit 2) and carry no errors list over HTTP
    assertTrue(new AlreadyExistsException("$.name", "j1") instanceof InvalidInputException);
    assertFalse(body(new AlreadyExistsException("$.name", "j1")).has("errors"));
  }

  @Test
  void onlyTransientFailuresAreRetriable() {
    for (ErrorKind k : ErrorKind.values()) {
      assertEquals(k == ErrorKind.TRANSIENT, k.retriable(), k.name());
    }
  }

  @Test
  void invalidInputListsEveryError() {
    var e =
        new InvalidInputException(
            List.of(
                new InvalidInputException.Error("$.limits.maxTrials", "must be >= 1", 0),
                new InvalidInputException.Error("$.strategy", "is unknown", "x")));
    ObjectNode o = body(e);
    assertEquals(400, o.get("status").asInt());
    assertEquals(Problem.BASE + "invalid-input", o.get("type").asText());
    assertEquals("Invalid input", o.get("title").asText());
    assertEquals("$.limits.maxTrials", o.get("field").asText());
    assertEquals(
        "$.limits.maxTrials: must be >= 1, got 0 (and 1 more, listed in errors)",
        o.get("detail").asText());
    assertEquals(2, o.get("errors").size());
    assertEquals("$.strategy", o.get("errors").get(1).get("field").asText());
    assertEquals("$.strategy: is unknown, got 'x'", o.get("errors").get(1).get("detail").asText());
  }

  /**
   * {@code trials/99999999999} or {@code limit=2147483648} is a range problem, not "not an
   * integer".
   */
  @Test
  void anIntegerParameterSaysItsRange() {
    assertEquals("an integer from -2147483648 to 2147483647", ProblemResponses.describe(int.class));
    assertEquals(
        "an integer from -9223372036854775808 to 9223372036854775807",
        ProblemResponses.describe(Long.class));
    assertEquals("a number", ProblemResponses.describe(double.class));
  }
}
