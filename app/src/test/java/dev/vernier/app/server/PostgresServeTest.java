package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.cli.DatabaseOptions;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.platform.db.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vernier serve --database jdbc:postgresql://...} as a real process on a real PostgreSQL: a
 * token made by {@code vernier token create --database ...}, a tuning job run to its end with its
 * trials stored in PostgreSQL, a monitor fed over HTTP closing windows; the password, given by file
 * and by environment, never appears in any output.
 */
class PostgresServeTest {
  @TempDir Path dir;
  Process server;

  @AfterEach
  void tearDown() throws Exception {
    if (server != null && server.isAlive()) {
      Processes.kill9(server);
    }
  }

  static long count(String url, String user, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void serveAndTokenRunOnPostgres() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    String url = pg.newDatabase();
    String user = pg.user();
    String secret = "pw-" + UUID.randomUUID();
    Path passwordFile = Files.writeString(dir.resolve("db-password"), secret + "\n");
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 300, 1);
    TestData.csv(data, "val.csv", 100, 2);
    Path state = dir.resolve("state");
    Path log = dir.resolve("serve.log");

    // a wrong scheme is bad input naming --database, its password redacted
    String[] bad =
        ServerFixture.cli(
            "token", "list", "--database", "jdbc:mysql://u:" + secret + "@db/vernier");
    assertEquals("2", bad[0], bad[1] + bad[2]);
    assertTrue(
        bad[2].contains("--database")
            && bad[2].contains("must start with jdbc:sqlite: (a file) or jdbc:postgresql://")
            && bad[2].contains("jdbc:mysql://u:***@db/vernier"),
        bad[2]);
    assertFalse(bad[2].contains(secret), bad[2]);

    String[] created =
        ServerFixture.cli(
            "token",
            "create",
            "--role",
            "admin",
            "--description",
            "pg test",
            "--database",
            url,
            "--database-user",
            user,
            "--database-password-file",
            passwordFile.toString());
    assertEquals("0", created[0], created[2]);
    String token = created[1].strip();
    assertTrue(token.startsWith("vrn_a_"), token);
    assertTrue(created[2].contains("wrote a admin token to " + url), created[2]);
    assertFalse((created[1] + created[2]).contains(secret), "the password is never printed");

    int port = CrashTest.freePort();
    server =
        Processes.vernier(
            log,
            Map.of(DatabaseOptions.PASSWORD_ENV, secret),
            "serve",
            "--port",
            String.valueOf(port),
            "--data",
            state.toString(),
            "--data-root",
            data.toString(),
            "--database",
            url,
            "--database-user",
            user,
            "--slots",
            "1",
            "--backend",
            "java",
            "--threads-per-slot",
            "1",
            "--heartbeat-seconds",
            "1");
    ApiClient api = waitUp(port, token, log);

    api.post("/api/v1/tuning-jobs", TestData.job("pg-1", "random", 3, 1));
    JsonNode job = null;
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (System.nanoTime() < deadline) {
      job = api.get("/api/v1/tuning-jobs/pg-1").body();
      if (job.path("state").asText().equals("COMPLETED")) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals("COMPLETED", job.path("state").asText(), job + "\n" + Files.readString(log));
    JsonNode trials = api.get("/api/v1/tuning-jobs/pg-1/trials").body().path("trials");
    assertEquals(3, trials.size(), trials.toString());
    for (JsonNode t : trials) {
      assertEquals("COMPLETED", t.path("state").asText(), t.toString());
    }
    // the trials and their epochs live in PostgreSQL; no SQLite file was made
    assertEquals(3, count(url, user, "SELECT count(*) FROM trial WHERE state = 'COMPLETED'"));
    assertTrue(count(url, user, "SELECT count(*) FROM trial_metric") >= 12);
    assertFalse(Files.exists(state.resolve("vernier.db")), "no SQLite state beside PostgreSQL");

    // a monitor fed over HTTP closes windows, stored in PostgreSQL too
    JsonNode monitor =
        api.post(
                "/api/v1/monitors",
                "{\"name\":\"pg-monitor\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
                    + "\"window\":{\"events\":100}}")
            .body();
    String id = monitor.path("id").asText();
    assertFalse(id.isEmpty(), monitor.toString());
    api.post("/api/v1/monitors/" + id + "/events", MonitorApiTest.events(0, 300, 0));
    JsonNode windows = api.get("/api/v1/monitors/" + id + "/windows").body().path("windows");
    assertTrue(windows.size() >= 2, windows.toString());

    // the token list reads the same database
    String[] list = ServerFixture.cli("token", "list", "--database", url, "--database-user", user);
    assertEquals("0", list[0], list[2]);
    assertTrue(list[1].contains("admin") && list[1].contains("pg test"), list[1]);

    server.destroy();
    server.waitFor();
    String text = Files.readString(log);
    assertTrue(text.contains("database " + url + " as " + user), "the log names it:\n" + text);
    assertFalse(text.contains(secret), "the password never appears in the log:\n" + text);
  }

  ApiClient waitUp(int port, String token, Path log) throws Exception {
    ApiClient api = new ApiClient("http://127.0.0.1:" + port, token);
    for (int i = 0; i < 600 && server.isAlive(); i++) {
      try {
        api.get("/api/v1/tuning-jobs");
        return api;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the service did not start; log:\n" + Files.readString(log));
  }
}
