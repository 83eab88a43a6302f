package dev.vernier.monitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.ErrorKind;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.VernierException;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.delivery.WebhookUrls;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.platform.problem.ProblemHandlers;
import dev.vernier.platform.time.ManualClock;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registering webhooks through the controller, on a real SQLite store: a URL is registered once (a
 * repeat is a 409 naming {@code $.url} and the webhook's id, and keeps the first secret) unless the
 * request asks to rotate its secret; URLs that differ only in host case or a default port are the
 * same; a URL over the limit is refused naming its length; the answer's Location is the webhook's
 * id, by which it is read and removed.
 */
class WebhookRegistrationTest {
  static final String HOOK = "https://hooks.example.com/vernier";

  @TempDir Path dir;
  MonitorFixture f;
  WebhooksController controller;

  @BeforeEach
  void start() throws Exception {
    f = new MonitorFixture(dir);
    controller = new WebhooksController(f.service, new ManualClock(1_764_000_000_000L));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  static String request(String url, String more) {
    return "{\"url\": \"" + url + "\"" + more + "}";
  }

  Webhook stored(String id) {
    return f.store.webhooks().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void registeringAUrlAgainIsAConflictThatKeepsTheFirstSecret() {
    HttpResponse<ObjectNode> first = controller.register(request(HOOK, ""));
    assertEquals(201, first.code());
    String id = first.body().get("id").asText();
    String secret = first.body().get("secret").asText();
    assertEquals(secret, stored(id).secret());

    VernierException again =
        assertThrows(VernierException.class, () -> controller.register(request(HOOK, "")));
    assertEquals(ErrorKind.CONFLICT, again.kind());
    assertEquals("$.url", again.field());
    assertTrue(again.getMessage().contains(id), again.getMessage());
    assertTrue(again.getMessage().contains("rotateSecret"), again.getMessage());
    var problem = ProblemHandlers.response(again);
    assertEquals(409, problem.code());
    assertEquals("$.url", problem.body().get("field").asText());
    assertTrue(problem.body().get("detail").asText().contains(id), problem.body().toString());

    VernierException given =
        assertThrows(
            VernierException.class,
            () -> controller.register(request(HOOK, ", \"secret\": \"another-secret-0123\"")));
    assertEquals(ErrorKind.CONFLICT, given.kind(), "a given secret does not replace it either");
    assertEquals(secret, stored(id).secret(), "the first secret is kept");
    assertEquals(1, f.store.webhooks().size());
  }

  @Test
  void urlsDifferingOnlyInHostCaseOrADefaultPortAreTheSameReceiver() {
    String id = controller.register(request(HOOK, "")).body().get("id").asText();
    for (String same :
        List.of(
            "https://Hooks.Example.COM/vernier",
            "https://hooks.example.com:443/vernier",
            "https://HOOKS.example.com:443/vernier")) {
      VernierException e =
          assertThrows(VernierException.class, () -> controller.register(request(same, "")), same);
      assertEquals(ErrorKind.CONFLICT, e.kind(), same);
      assertTrue(e.getMessage().contains(id), e.getMessage());
    }
    for (String other :
        List.of(
            "https://hooks.example.com/Vernier",
            "http://hooks.example.com/vernier",
            "https://hooks.example.com:8443/vernier",
            "https://hooks.example.com/vernier?x=1")) {
      assertEquals(201, controller.register(request(other, "")).code(), other);
    }
    assertTrue(WebhookUrls.sameReceiver("http://a.example.com", "HTTP://A.example.com:80/"));
    assertFalse(WebhookUrls.sameReceiver("http://a.example.com/x", "http://a.example.com/X"));
  }

  @Test
  void rotateSecretReplacesTheSecretAndKeepsTheId() {
    HttpResponse<ObjectNode> first = controller.register(request(HOOK, ""));
    String id = first.body().get("id").asText();
    String secret = first.body().get("secret").asText();

    HttpResponse<ObjectNode> rotated =
        controller.register(
            request("https://Hooks.example.com/vernier", ", \"rotateSecret\": true"));
    assertEquals(200, rotated.code());
    assertEquals(id, rotated.body().get("id").asText());
    assertEquals(HOOK, rotated.body().get("url").asText(), "stored as first registered");
    String next = rotated.body().get("secret").asText();
    assertNotEquals(secret, next);
    assertEquals(next, stored(id).secret());

    HttpResponse<ObjectNode> given =
        controller.register(
            request(HOOK, ", \"rotateSecret\": true, \"secret\": \"chosen-secret-0123456\""));
    assertEquals(200, given.code());
    assertFalse(given.body().has("secret"), "a given secret is not echoed");
    assertEquals("chosen-secret-0123456", stored(id).secret());
    assertEquals(1, f.store.webhooks().size());

    InvalidInputException notBoolean =
        assertThrows(
            InvalidInputException.class,
            () -> controller.register(request(HOOK, ", \"rotateSecret\": \"yes\"")));
    assertEquals("$.rotateSecret", notBoolean.field());
  }

  @Test
  void aWebhookRegisteredBeforeSigningGetsItsFirstSecretWithoutRotate() {
    f.store.addWebhook(new Webhook("wh-legacy", HOOK, null, true, 5));
    HttpResponse<ObjectNode> signed = controller.register(request(HOOK, ""));
    assertEquals(200, signed.code());
    assertEquals("wh-legacy", signed.body().get("id").asText());
    assertEquals(signed.body().get("secret").asText(), stored("wh-legacy").secret());
    assertEquals(
        ErrorKind.CONFLICT,
        assertThrows(VernierException.class, () -> controller.register(request(HOOK, ""))).kind(),
        "signed now: a repeat is a conflict");
  }

  @Test
  void aUrlOverTheLimitIsRefusedNamingItsLengthAndNotEchoingIt() {
    String longUrl = "https://hooks.example.com/" + "a".repeat(1_000_000);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> controller.register(request(longUrl, "")));
    assertEquals("$.url", e.field());
    assertTrue(e.rule().startsWith("must be at most 2000 characters"), e.rule());
    assertEquals(longUrl.length() + " characters", e.value());
    assertTrue(e.getMessage().length() < 300, e.getMessage());
    assertTrue(f.store.webhooks().isEmpty());

    String limit = "https://hooks.example.com/" + "b".repeat(2000 - 26);
    assertEquals(2000, limit.length());
    assertEquals(201, controller.register(request(limit, "")).code());
    assertThrows(InvalidInputException.class, () -> controller.register(request(limit + "b", "")));
  }

  @Test
  void theLocationIsTheIdByWhichTheWebhookIsReadAndRemoved() {
    String longUrl = "https://hooks.example.com/" + "%2F".repeat(600);
    HttpResponse<ObjectNode> created = controller.register(request(longUrl, ""));
    String id = created.body().get("id").asText();
    String location = created.getHeaders().get(HttpHeaders.LOCATION);
    assertEquals("/api/v1/webhooks?id=" + id, location);
    assertTrue(created.body().get("secret").asText().length() >= 32, "the secret is answered");

    assertEquals(longUrl, controller.list(id).get("webhooks").get(0).get("url").asText());
    controller.register(request("https://other.example.com/", ""));
    assertEquals(2, controller.list(null).get("webhooks").size());

    assertEquals(204, controller.remove(id, null).code());
    assertEquals(1, f.store.webhooks().size());
    NotFoundException gone =
        assertThrows(NotFoundException.class, () -> controller.remove(id, null));
    assertEquals("id", gone.field());
    assertThrows(NotFoundException.class, () -> controller.list(id));
    assertEquals(204, controller.remove(null, "https://other.example.com/").code());
    assertTrue(f.store.webhooks().isEmpty());
    InvalidInputException neither =
        assertThrows(InvalidInputException.class, () -> controller.remove(null, null));
    assertEquals("id", neither.field());
  }
}
