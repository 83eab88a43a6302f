package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.json.Json;
import dev.vernier.platform.db.DatabaseConfig;
import dev.vernier.platform.problem.Problem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that finds the database busy past its busy timeout is answered 503 with {@code
 * Retry-After: 1} and a problem document saying so, not 500; the same request succeeds once the
 * lock is gone. On a real server and SQLite file: a second JDBC connection holds SQLite's write
 * lock ({@code BEGIN IMMEDIATE}), as another process beside the server would. The server's busy
 * timeout is shortened to 500 ms so the test does not wait the service's 30 s.
 */
class DatabaseBusyTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Duration BUSY_TIMEOUT = Duration.ofMillis(500);

  @TempDir Path dir;

  static HttpResponse<String> send(VernierServer server, String token, String method, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/tuning-jobs"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Timeout(120)
  void aWriteWhileTheDatabaseIsLockedIs503WithRetryAfterAndSucceedsOnceReleased() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 300, 1);
    TestData.csv(data, "val.csv", 100, 2);
    Path state = dir.resolve("state");
    Path file = state.resolve("vernier.db");
    ServerSettings s =
        ServerSettings.of("127.0.0.1", 0, state, List.of(data), 0)
            .withDatabase(DatabaseConfig.sqlite(file).withSqliteBusyTimeout(BUSY_TIMEOUT));
    try (VernierServer server =
        VernierServer.start(s, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()))) {
      String token = server.firstAdminToken();
      String job = TestData.job("busy-1", "random", 2, 1);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement st = c.createStatement()) {
        st.execute("BEGIN IMMEDIATE"); // another writer holds the lock past the busy timeout
        long start = System.nanoTime();
        HttpResponse<String> r = send(server, token, "POST", job);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, r.statusCode(), r.body());
        assertEquals(List.of("1"), r.headers().allValues("Retry-After"));
        assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode p = Json.MAPPER.readTree(r.body());
        assertEquals(Problem.BASE + "unavailable", p.path("type").asText(), r.body());
        assertEquals("Service unavailable", p.path("title").asText());
        assertEquals(503, p.path("status").asInt());
        String detail = p.path("detail").asText();
        assertTrue(detail.startsWith("the database is busy (SQLite SQLITE_BUSY"), detail);
        assertTrue(detail.endsWith("; retry the request in a moment"), detail);
        assertFalse(p.has("field"), r.body());
        assertTrue(
            waitedMs >= BUSY_TIMEOUT.toMillis(),
            "the server waited its busy timeout first: " + waitedMs + " ms");
        // readers are not blocked by a writer (WAL): listing still answers, and shows no job
        HttpResponse<String> list = send(server, token, "GET", null);
        assertEquals(200, list.statusCode(), list.body());
        assertFalse(list.body().contains("busy-1"), "nothing of the refused job was kept");
        System.out.printf("503 after %d ms with the lock held%n", waitedMs);
        st.execute("ROLLBACK");
      }
      HttpResponse<String> r = send(server, token, "POST", job);
      assertEquals(201, r.statusCode(), "the same request once the lock is gone: " + r.body());
      assertEquals("busy-1", Json.MAPPER.readTree(r.body()).path("id").asText(), r.body());
    }
  }
}
