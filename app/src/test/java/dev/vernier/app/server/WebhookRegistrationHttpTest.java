package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook registration over HTTP on a running server: a URL of a million characters is a 400 naming
 * {@code $.url} and its length (it once came back as a 201 without a body, its Location header
 * repeating the URL, so the generated secret was lost); a long URL under the limit is answered with
 * its secret and a Location by id, through which it is read and deleted; registering it again is a
 * 409 naming {@code $.url} and the id (that the secret is kept: {@code WebhookRegistrationTest}).
 */
class WebhookRegistrationHttpTest {
  @TempDir static Path dir;
  static VernierServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Path datasets = java.nio.file.Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(datasets, "train.csv", 300, 1);
    server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(datasets), 0),
            Clock.systemUTC(),
            new PrintStream(new ByteArrayOutputStream()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> call(String method, String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Authorization", "Bearer " + server.firstAdminToken())
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String hook(String url) {
    return "{\"url\": \"" + url + "\"}";
  }

  @Test
  void aMillionCharacterUrlIsRefusedNamingItsLength() throws Exception {
    String url = "https://hooks.example.com/" + "a".repeat(1_000_000 - 26);
    HttpResponse<String> r = call("POST", "/api/v1/webhooks", hook(url));
    assertEquals(400, r.statusCode(), r.body().substring(0, Math.min(500, r.body().length())));
    JsonNode problem = JSON.readTree(r.body());
    assertEquals("$.url", problem.path("field").asText(), r.body());
    assertTrue(problem.path("detail").asText().contains("at most 2000 characters"), r.body());
    assertTrue(problem.path("detail").asText().contains("1000000 characters"), r.body());
    assertTrue(r.body().length() < 2000, "the URL is not echoed: " + r.body().length());
  }

  @Test
  void aLongUrlIsAnsweredWithItsSecretAndReadAndDeletedById() throws Exception {
    String url = "https://hooks.example.com/" + "%2F".repeat(600) + "?token=t0ken";
    HttpResponse<String> created = call("POST", "/api/v1/webhooks", hook(url));
    assertEquals(201, created.statusCode(), created.body());
    JsonNode w = JSON.readTree(created.body());
    String id = w.path("id").asText();
    String secret = w.path("secret").asText();
    assertTrue(secret.length() >= 32, created.body());
    String location = created.headers().firstValue("Location").orElseThrow();
    assertEquals("/api/v1/webhooks?id=" + id, location);

    HttpResponse<String> again = call("POST", "/api/v1/webhooks", hook(url));
    assertEquals(409, again.statusCode(), again.body());
    JsonNode conflict = JSON.readTree(again.body());
    assertEquals("$.url", conflict.path("field").asText(), again.body());
    assertTrue(conflict.path("detail").asText().contains(id), again.body());
    assertTrue(conflict.path("type").asText().endsWith("/already-exists"), again.body());

    HttpResponse<String> read = call("GET", location, null);
    assertEquals(200, read.statusCode(), read.body());
    assertEquals(url, JSON.readTree(read.body()).path("webhooks").path(0).path("url").asText());
    assertEquals(
        1, JSON.readTree(call("GET", "/api/v1/webhooks", null).body()).path("webhooks").size());
    assertEquals(204, call("DELETE", location, null).statusCode());
    assertEquals(404, call("GET", location, null).statusCode());
    assertEquals(404, call("DELETE", location, null).statusCode());
  }
}
