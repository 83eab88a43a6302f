package dev.vernier.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.security.Role;
import dev.vernier.app.server.ServerSettings;
import dev.vernier.app.server.VernierServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * One real {@code vernier serve} on SQLite and one real Chromium per test class, with a finished
 * tuning job, a child warm-started from it, and a monitor fed a drifting replay over HTTP whose
 * alerts go to a webhook receiver that refuses its first post; a token for each role; and the login
 * helper the browser tests share. Screenshots of every page go to {@link Browser#SCREENSHOTS}.
 */
abstract class DashboardFixture {
  @TempDir static Path dir;
  static VernierServer server;
  static String base;
  static String admin;
  static String submitter;
  static String reader;
  static String worker;
  static JsonNode job;
  static String monitorId;
  static Browser browser;
  static com.sun.net.httpserver.HttpServer receiver;
  // a fresh count per class: each class's receiver refuses its own first post
  static java.util.concurrent.atomic.AtomicInteger posts;

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    Replay.csv(data, "train.csv", 300, 1);
    Replay.csv(data, "val.csv", 100, 2);
    server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 1),
            Clock.systemUTC(),
            new PrintStream(new java.io.ByteArrayOutputStream()));
    base = server.url().toString().replaceAll("/$", "");
    admin = server.firstAdminToken();
    long now = System.currentTimeMillis();
    submitter = server.tokens().create(Role.SUBMITTER, "browser test", now);
    reader = server.tokens().create(Role.READER, "browser test", now);
    worker = server.tokens().create(Role.WORKER, "browser test", now);
    ApiClient api = new ApiClient(base, submitter);
    api.post("/api/v1/tuning-jobs", Replay.job("finished-job", 5));
    job = Replay.waitForEnd(api, "finished-job");
    assertEquals("COMPLETED", job.path("state").asText(), job.toString());
    // a child warm-started from it (its page lists it)
    api.post(
        "/api/v1/tuning-jobs",
        Replay.job("child-job", 1)
            .replace(
                "\"type\": \"Minimize\"}", "\"type\": \"Minimize\", \"aggregation\": \"best\"}")
            .replace(
                "\"seed\": 5}",
                "\"seed\": 5, \"warmStart\": {\"parents\": [\"finished-job\"],"
                    + " \"type\": \"identical-data\"}}"));
    posts = new java.util.concurrent.atomic.AtomicInteger();
    receiver = Replay.refusingFirstPost(posts);
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/T0KEN";
    new ApiClient(base, admin)
        .post(
            "/api/v1/webhooks",
            "{\"url\":\""
                + hook
                + "\",\"secret\":\"whsec-browser-test-0123456789\",\"allowPrivate\":true}");
    monitorId = Replay.driftingMonitor(api, hook);
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    // the fields are shared by every subclass: cleared, a later class that fails to start closes
    // nothing twice
    if (browser != null) {
      browser.close();
      browser = null;
    }
    if (server != null) {
      server.close();
      server = null;
    }
    if (receiver != null) {
      receiver.stop(0);
      receiver = null;
    }
  }

  /** Logs in from the form with a pasted token. */
  static void pasteToken(String token) {
    browser.open(base + "/");
    WebElement field = browser.visible("#login-token");
    field.sendKeys(token);
    browser.driver.findElement(By.cssSelector("#login-form button")).click();
  }
}
