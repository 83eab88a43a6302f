package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.security.Role;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,200 malformed requests, bounded and on loopback, across every route of a real server (one real
 * job and one real monitor among the ids): bad path values, query values, bodies, content types and
 * tokens. None is answered with a 5xx, and every 4xx is a problem document with a detail that names
 * no Java type.
 */
class HttpFuzzTest {
  @TempDir Path dir;
  static final ObjectMapper JSON = new ObjectMapper();

  /** Every route of the service: method and path template. */
  static final String[][] ROUTES = {
    {"GET", "/health"},
    {"GET", "/metrics"},
    {"POST", "/api/v1/tuning-jobs"},
    {"GET", "/api/v1/tuning-jobs"},
    {"GET", "/api/v1/tuning-jobs/{job}"},
    {"POST", "/api/v1/tuning-jobs/{job}/stop"},
    {"GET", "/api/v1/tuning-jobs/{job}/trials"},
    {"GET", "/api/v1/tuning-jobs/{job}/trials/{n}"},
    {"GET", "/api/v1/tuning-jobs/{job}/trials/{n}/model"},
    {"GET", "/api/v1/tuning-jobs/{job}/best"},
    {"GET", "/api/v1/tuning-jobs/{job}/best/model"},
    {"POST", "/api/v1/fleet/workers"},
    {"POST", "/api/v1/fleet/workers/{id}/lease"},
    {"POST", "/api/v1/fleet/leases/{id}/heartbeat"},
    {"PUT", "/api/v1/fleet/leases/{id}/artifact"},
    {"POST", "/api/v1/fleet/leases/{id}/report"},
    {"POST", "/api/v1/monitors"},
    {"GET", "/api/v1/monitors"},
    {"GET", "/api/v1/monitors/{mon}"},
    {"DELETE", "/api/v1/monitors/{mon}"},
    {"GET", "/api/v1/monitors/{mon}/baseline"},
    {"GET", "/api/v1/monitors/{mon}/windows"},
    {"GET", "/api/v1/monitors/{mon}/alerts"},
    {"POST", "/api/v1/monitors/{mon}/events"},
    {"POST", "/api/v1/monitors/{mon}/labels"},
    {"GET", "/api/v1/webhooks"},
    {"POST", "/api/v1/webhooks"},
    {"DELETE", "/api/v1/webhooks"},
  };

  static final String[] PATH_VALUES = {
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "1e400",
    "%00",
    "..%2F..%2Fetc%2Fpasswd",
    "%E2%82%AC",
    "x".repeat(300),
    "%27%22",
    "NaN",
    "%20",
  };

  static final String[] QUERIES = {
    "",
    "?offset=abc",
    "?limit=-5",
    "?limit=1e30",
    "?offset=99999999999999999999",
    "?state=WHATEVER",
    "?format=xml",
    "?format=sagemaker",
    "?next=%00",
    "?limit=",
  };

  static final String[] BODIES = {
    null,
    "",
    "{",
    "[]",
    "null",
    "1e400",
    "\"text\"",
    "{\"name\": 7, \"algorithm\": [], \"channels\": \"x\"}",
    "{\"slots\": 1e30, \"name\": {}}",
    "[" + "[".repeat(3000),
    "{\"a\":" + "1".repeat(5000) + "}",
    "\u0000\u00ff\u0001garbage",
    "{\"url\": \"file:///etc/passwd\"}",
    "{\"epochs\": [{\"epoch\": 1e300}], \"outcome\": \"WAT\"}",
    "{\"model\":\"lin\",\"inferenceId\":7,\"eventTime\":-1,\"features\":null}\n[1,2",
  };

  /** A Java class's qualified name in a problem's detail. */
  static final java.util.regex.Pattern JAVA_NAME =
      java.util.regex.Pattern.compile(
          "\\b(dev\\.vernier|java\\.(lang|util|io)|com\\.fasterxml|io\\.micronaut)\\.");

  static final String[] CONTENT_TYPES = {
    "application/json", "text/plain", "application/xml", "application/x-ndjson", "", "*/*"
  };

  @Test
  @Timeout(300)
  void malformedRequestsAcrossEveryRouteAreNever5xxAndAlwaysProblems() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 300, 1);
    TestData.csv(data, "val.csv", 100, 2);
    try (VernierServer server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0),
            Clock.systemUTC(),
            new PrintStream(new java.io.ByteArrayOutputStream()))) {
      String admin = server.firstAdminToken();
      long now = System.currentTimeMillis();
      String reader = server.tokens().create(Role.READER, "fuzz", now);
      String worker = server.tokens().create(Role.WORKER, "fuzz", now);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = server.url().toString().replaceAll("/$", "");
      // a real job and a real monitor, so that some requests reach deep into the handlers
      assertEquals(
          201,
          send(
                  http,
                  base,
                  "POST",
                  "/api/v1/tuning-jobs",
                  admin,
                  "application/json",
                  TestData.job("fuzz-job", "random", 3, 1))
              .statusCode());
      HttpResponse<String> mon =
          send(
              http,
              base,
              "POST",
              "/api/v1/monitors",
              admin,
              "application/json",
              "{\"name\":\"fuzz-mon\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"}}");
      assertEquals(201, mon.statusCode(), mon.body());
      String monitorId = JSON.readTree(mon.body()).path("id").asText();

      String[] tokens = {admin, admin, admin, reader, worker, null, "garbage", "Bearer x"};
      SplittableRandom r = new SplittableRandom(2026);
      Map<Integer, Integer> byStatus = new TreeMap<>();
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < 1200; i++) {
        String[] route = ROUTES[r.nextInt(ROUTES.length)];
        String path = route[1];
        path = path.replace("{job}", r.nextInt(3) == 0 ? "fuzz-job" : pick(r, PATH_VALUES));
        path = path.replace("{mon}", r.nextInt(3) == 0 ? monitorId : pick(r, PATH_VALUES));
        path = path.replace("{n}", r.nextInt(3) == 0 ? "1" : pick(r, PATH_VALUES));
        path = path.replace("{id}", pick(r, PATH_VALUES));
        path += pick(r, QUERIES);
        String method =
            r.nextInt(10) == 0 ? pick(r, new String[] {"PATCH", "PUT", "DELETE"}) : route[0];
        String body = method.equals("GET") || method.equals("DELETE") ? null : pick(r, BODIES);
        String token = pick(r, tokens);
        HttpResponse<String> res =
            send(http, base, method, path, token, pick(r, CONTENT_TYPES), body);
        byStatus.merge(res.statusCode(), 1, Integer::sum);
        String what = method + " " + path + " -> " + res.statusCode() + " " + cut(res.body());
        if (res.statusCode() >= 500) {
          failures.add(what);
        } else if (res.statusCode() >= 400) {
          String type = res.headers().firstValue("Content-Type").orElse("");
          JsonNode problem = null;
          try {
            problem = JSON.readTree(res.body());
          } catch (Exception e) {
            // reported below
          }
          if (!type.startsWith("application/problem+json")
              || problem == null
              || problem.path("detail").asText().isBlank()
              || problem.path("status").asInt() != res.statusCode()) {
            failures.add("not a problem document: " + type + " " + what);
          } else if (JAVA_NAME.matcher(problem.path("detail").asText()).find()) {
            // a detail in the API's words: a client cannot act on a Java type's name
            failures.add("names a Java type: " + what);
          }
        }
      }
      assertTrue(
          failures.isEmpty(),
          failures.size()
              + " bad answers, e.g.\n"
              + String.join("\n", failures.subList(0, Math.min(20, failures.size())))
              + "\nby status "
              + byStatus);
      System.out.println("HttpFuzzTest answers by status: " + byStatus);
      // the requests reached the handlers' checks, not only the token filter
      for (int status : new int[] {400, 401, 403, 404}) {
        assertTrue(byStatus.getOrDefault(status, 0) > 20, status + " answers: " + byStatus);
      }
    }
  }

  private static String pick(SplittableRandom r, String[] values) {
    return values[r.nextInt(values.length)];
  }

  private static String cut(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private static HttpResponse<String> send(
      HttpClient http,
      String base,
      String method,
      String path,
      String token,
      String type,
      String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", token.startsWith("Bearer") ? token : "Bearer " + token);
    }
    if (!type.isEmpty()) {
      b.header("Content-Type", type);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
