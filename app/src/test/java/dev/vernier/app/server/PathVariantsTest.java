package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.app.security.Role;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protected paths spelled other ways reach the server as written (the request line is written on a
 * socket: {@code java.net.http} would normalise some of them) and are never let through to a role
 * the route refuses. The operations they aim at would succeed if let through (a real job to stop,
 * webhooks to list, a worker to register), so a bypass shows as a 2xx.
 *
 * <p>What Micronaut does with each spelling is written beside it, as the expected status for a
 * caller without a token, with a reader's token and with a worker's: 401 without a token whatever
 * the path; with a token, 403 where Micronaut matched the route (the rule of the matched route
 * refuses the role) and 404 where it matched nothing.
 */
class PathVariantsTest {
  @TempDir static Path dir;
  static VernierServer server;
  static String reader;
  static String worker;

  @BeforeAll
  static void start() throws Exception {
    Path datasets = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(datasets, "train.csv", 300, 1);
    TestData.csv(datasets, "val.csv", 100, 2);
    server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(datasets), 0),
            Clock.systemUTC(),
            new PrintStream(new ByteArrayOutputStream()));
    long now = System.currentTimeMillis();
    reader = server.tokens().create(Role.READER, "variants", now);
    worker = server.tokens().create(Role.WORKER, "variants", now);
    String admin = server.firstAdminToken();
    // a job that a stop let through would stop (no slots: it stays pending)
    assertEquals(
        "201",
        send("POST", "/api/v1/tuning-jobs", admin, TestData.job("v-job", "random", 2, 1))[0]);
    assertEquals(
        "201",
        send("POST", "/api/v1/webhooks", admin, "{\"url\":\"https://hooks.example.com/v\"}")[0]);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Sends {@code method target} as written and answers {status, Content-Type, body}; the connection
   * is closed after one exchange.
   */
  static String[] send(String method, String target, String token, String body) throws Exception {
    URI u = server.url().toURI();
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(20_000);
      StringBuilder head =
          new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\n");
      if (token != null) {
        head.append("Authorization: Bearer ").append(token).append("\r\n");
      }
      head.append("Content-Type: application/json\r\nContent-Length: ")
          .append(payload.length)
          .append("\r\nConnection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int end = response.indexOf("\r\n\r\n");
      String[] lines = response.substring(0, Math.max(end, 0)).split("\r\n");
      String type = "";
      for (String line : lines) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
          type = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return new String[] {lines[0].split(" ")[1], type, response.substring(end + 4)};
    }
  }

  /**
   * Each spelling and what Micronaut does with it: the statuses expected without a token, for a
   * reader and for a worker ("401 403 404": none, reader, worker).
   */
  static void check(
      List<String> wrong, String method, String body, Map<String, String> expectations)
      throws Exception {
    for (Map.Entry<String, String> e : expectations.entrySet()) {
      String[] expected = e.getValue().split(" ");
      String[] tokens = {null, reader, worker};
      String[] names = {"no token", "reader", "worker"};
      for (int i = 0; i < 3; i++) {
        String[] r = send(method, e.getKey(), tokens[i], body);
        String where = method + " " + e.getKey() + " as " + names[i] + ": " + r[0];
        if (r[0].startsWith("2") && !expected[i].startsWith("2")) {
          wrong.add(where + ", LET THROUGH: " + r[2]);
        } else if (!r[0].equals(expected[i])) {
          wrong.add(where + ", expected " + expected[i] + ": " + r[2]);
        } else if (!r[0].startsWith("2") && !r[1].startsWith("application/problem+json")) {
          wrong.add(where + " is not a problem document: " + r[1] + " " + r[2]);
        }
      }
    }
  }

  @Test
  void spellingsOfTheTokensAndWebhooksPathsAreNeverLetThrough() throws Exception {
    Map<String, String> v = new LinkedHashMap<>();
    // there is no tokens route (tokens are managed with `vernier token`): 404 with a token
    v.put("//api/v1/tokens", "401 404 404");
    v.put("/api//v1/tokens", "401 404 404");
    v.put("/api/v1/tokens/", "401 404 404");
    v.put("/API/v1/tokens", "401 404 404");
    v.put("/api/v1/%2e%2e/v1/tokens", "401 404 404");
    v.put("/api%2Fv1%2Ftokens", "401 404 404");
    v.put("/api/v1/fleet/../tokens", "401 404 404");
    v.put("/api/v1/fleet/%2e%2e/tokens", "401 404 404");
    v.put("/api/v1/./tokens", "401 404 404");
    // webhooks are the administrator's: the route matched means 403
    v.put("/api/v1/webhooks", "401 403 403");
    v.put("//api/v1/webhooks", "401 404 404"); // an empty segment is not collapsed: no match
    v.put("/api//v1/webhooks", "401 404 404");
    v.put("/api/v1/webhooks/", "401 403 403"); // a trailing slash matches the route
    v.put("/API/v1/webhooks", "401 404 404");
    v.put("/api/v1/%2e%2e/v1/webhooks", "401 404 404");
    v.put("/api%2Fv1%2Fwebhooks", "401 404 404");
    v.put("/api/v1/fleet/../webhooks", "401 404 404");
    v.put("/api/v1/fleet/%2e%2e/webhooks", "401 404 404");
    v.put("/api/v1/./webhooks", "401 404 404");
    v.put("/api/v1/webhooks?x=/api/v1/fleet/workers", "401 403 403");
    v.put("/api/v1/webhooks;/api/v1/fleet/workers", "401 404 404");
    List<String> wrong = new ArrayList<>();
    check(wrong, "GET", null, v);
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void spellingsOfASubmittersStopAreNeverLetThrough() throws Exception {
    Map<String, String> v = new LinkedHashMap<>();
    String stop = "/api/v1/tuning-jobs/v-job/stop";
    v.put(stop, "401 403 403");
    v.put("/" + stop, "401 404 404");
    v.put("/api//v1/tuning-jobs/v-job/stop", "401 404 404");
    v.put(stop + "/", "401 403 403");
    v.put("/API/v1/tuning-jobs/v-job/stop", "401 404 404");
    v.put("/api/v1/tuning-jobs/v-job/STOP", "401 404 404");
    // %2F is decoded inside the variable: GET /api/v1/tuning-jobs/{id} with id "v-job/stop"
    // matches, so a POST is 405 (to token holders only)
    v.put("/api/v1/tuning-jobs/v-job%2Fstop", "401 405 405");
    v.put("/api/v1/tuning-jobs/v-job/./stop", "401 404 404");
    v.put("/api/v1/fleet/../tuning-jobs/v-job/stop", "401 404 404");
    v.put("/api/v1/fleet/%2e%2e/tuning-jobs/v-job/stop", "401 404 404");
    List<String> wrong = new ArrayList<>();
    check(wrong, "POST", "{}", v);
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void spellingsOfTheFleetProtocolAreNeverLetThroughToAReader() throws Exception {
    Map<String, String> v = new LinkedHashMap<>();
    // the worker may register: where a spelling matches the route, its register succeeds
    String register = "{\"name\":\"w-variants\",\"slots\":1,\"bootId\":\"b\"}";
    v.put("/api/v1/fleet/workers", "401 403 200");
    v.put("//api/v1/fleet/workers", "401 404 404");
    v.put("/api/v1/fleet/workers/", "401 403 200");
    v.put("/API/v1/fleet/workers", "401 404 404");
    v.put("/api/v1/fleet%2Fworkers", "401 404 404");
    v.put("/api/v1/tuning-jobs/../fleet/workers", "401 404 404");
    v.put("/api/v1/./fleet/workers", "401 404 404");
    List<String> wrong = new ArrayList<>();
    check(wrong, "POST", register, v);
    // a body of a type the route does not consume matches no route: 415, to token holders only
    check(wrong, "PUT", "{}", Map.of("/api/v1/fleet/leases/l-1/artifact", "401 415 415"));
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }
}
