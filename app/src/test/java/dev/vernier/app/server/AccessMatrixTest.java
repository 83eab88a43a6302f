package dev.vernier.app.server;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.security.AccessRules;
import dev.vernier.app.security.Role;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.resource.StaticResourceConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The role matrix of a running server: every operation of its OpenAPI document (and its HEAD for a
 * GET), called by every role, without a token, with an unknown token and with a revoked one,
 * against a matrix written here independently of {@link AccessRules}; every route of the router has
 * a rule. {@code PathVariantsTest} sends protected paths spelled other ways.
 */
class AccessMatrixTest {
  @TempDir static Path dir;
  static VernierServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  /** The callers: each role's token, an unknown token, a revoked one and none (null). */
  static final Map<String, String> CALLERS = new LinkedHashMap<>();

  static final String OPEN = "open";

  /**
   * Who may call each documented operation, written from the README's table and {@link Role}'s
   * contract, not from the rule table: "open" (no token needed), else the roles allowed.
   */
  static final Map<String, String> EXPECTED =
      new TreeMap<>(
          Map.ofEntries(
              entry("GET /health", OPEN),
              entry("GET /health/{selector}", OPEN),
              entry("GET /metrics", "admin submitter reader"),
              entry("POST /api/v1/tuning-jobs", "admin submitter"),
              entry("GET /api/v1/tuning-jobs", "admin submitter reader"),
              entry("GET /api/v1/tuning-jobs/{id}", "admin submitter reader"),
              entry("POST /api/v1/tuning-jobs/{id}/stop", "admin submitter"),
              entry("GET /api/v1/tuning-jobs/{id}/trials", "admin submitter reader"),
              entry("GET /api/v1/tuning-jobs/{id}/trials/{number}", "admin submitter reader"),
              entry("GET /api/v1/tuning-jobs/{id}/trials/{number}/model", "admin submitter reader"),
              entry("GET /api/v1/tuning-jobs/{id}/best", "admin submitter reader"),
              entry("GET /api/v1/tuning-jobs/{id}/best/model", "admin submitter reader"),
              entry("POST /api/v1/fleet/workers", "admin worker"),
              entry("POST /api/v1/fleet/workers/{workerId}/lease", "admin worker"),
              entry("POST /api/v1/fleet/leases/{leaseId}/heartbeat", "admin worker"),
              entry("PUT /api/v1/fleet/leases/{leaseId}/artifact", "admin worker"),
              entry("POST /api/v1/fleet/leases/{leaseId}/report", "admin worker"),
              entry("POST /api/v1/monitors", "admin submitter"),
              entry("GET /api/v1/monitors", "admin submitter reader"),
              entry("GET /api/v1/monitors/{id}", "admin submitter reader"),
              entry("DELETE /api/v1/monitors/{id}", "admin submitter"),
              entry("GET /api/v1/monitors/{id}/baseline", "admin submitter reader"),
              entry("GET /api/v1/monitors/{id}/windows", "admin submitter reader"),
              entry(
                  "GET /api/v1/monitors/{id}/features/{feature}/histograms",
                  "admin submitter reader"),
              entry("GET /api/v1/monitors/{id}/alerts", "admin submitter reader"),
              entry("POST /api/v1/monitors/{id}/events", "admin submitter"),
              entry("POST /api/v1/monitors/{id}/labels", "admin submitter"),
              entry("GET /api/v1/webhooks", "admin"),
              entry("POST /api/v1/webhooks", "admin"),
              entry("DELETE /api/v1/webhooks", "admin"),
              entry("GET /api/v1/whoami", "admin submitter worker reader"),
              entry("GET /api/v1/job-summaries", "admin submitter reader"),
              entry("GET /api/v1/tuning-jobs/{id}/curves", "admin submitter reader"),
              entry("GET /api/v1/tuning-jobs/{id}/importance", "admin submitter reader"),
              entry(
                  "GET /api/v1/tuning-jobs/{id}/trials/{number}/provenance",
                  "admin submitter reader"),
              entry("GET /api/v1/workers", "admin submitter reader"),
              entry("GET /api/v1/alerts", "admin submitter reader")));

  /** Open operations the document leaves out (the documents themselves and the reference page). */
  static final List<String> OPEN_UNDOCUMENTED =
      List.of(
          "/openapi/vernier.yml",
          "/openapi/vernier.json",
          "/api-docs",
          "/api-docs/init.js",
          ApiDocsController.ASSETS + "/swagger-ui.css",
          "/",
          "/ui/app.js");

  /** Values for path variables; none names something that exists, so no call changes anything. */
  static final Map<String, String> VALUES =
      Map.of(
          "id", "no-such",
          "number", "1",
          "workerId", "w-nope",
          "leaseId", "lease-nope",
          "selector", "liveness",
          "feature", "f0");

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
    CALLERS.put("admin", server.firstAdminToken());
    for (Role role : List.of(Role.SUBMITTER, Role.WORKER, Role.READER)) {
      CALLERS.put(role.label(), server.tokens().create(role, "matrix", now));
    }
    CALLERS.put("unknown token", "vrn_a_not-a-real-token");
    String revoked = server.tokens().create(Role.ADMIN, "revoked", now);
    server.tokens().list().stream()
        .filter(t -> t.description().equals("revoked"))
        .forEach(t -> server.tokens().revoke(t.id(), now));
    CALLERS.put("revoked token", revoked);
    CALLERS.put("no token", null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> call(String method, String path, String token) throws Exception {
    return call(method, path, token, "application/json");
  }

  static HttpResponse<String> call(String method, String path, String token, String type)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", type)
            .method(
                method,
                method.equals("GET") || method.equals("HEAD")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyRouteOfTheRouterAndEveryStaticMappingHasARule() {
    Set<String> missing = new TreeSet<>();
    server
        .context()
        .getBean(Router.class)
        .uriRoutes()
        .forEach(
            r -> {
              String template = r.getUriMatchTemplate().toPathString();
              if (AccessRules.rule(r.getHttpMethodName(), template).isEmpty()) {
                missing.add(r.getHttpMethodName() + " " + template);
              }
            });
    for (StaticResourceConfiguration c :
        server.context().getBeansOfType(StaticResourceConfiguration.class)) {
      if (c.isEnabled() && AccessRules.rule("GET", c.getMapping()).isEmpty()) {
        missing.add("GET " + c.getMapping() + " (static)");
      }
    }
    assertTrue(missing.isEmpty(), "routes without an access rule: " + missing);
  }

  @Test
  void everyDocumentedOperationAnswersEachCallerAsTheMatrixSays() throws Exception {
    JsonNode paths = JSON.readTree(call("GET", "/openapi/vernier.json", null).body()).path("paths");
    Set<String> documented = new TreeSet<>();
    List<String> wrong = new ArrayList<>();
    int calls = 0;
    for (Map.Entry<String, JsonNode> p : iterable(paths.fields())) {
      for (String m : iterable(p.getValue().fieldNames())) {
        String method = m.toUpperCase(Locale.ROOT);
        String operation = method + " " + p.getKey();
        documented.add(operation);
        String expected = EXPECTED.get(operation);
        if (expected == null) {
          continue; // reported below, with the whole difference
        }
        String path = fill(p.getKey());
        // the documented body type, so that the router matches the route (with another type it
        // matches none: 401 without a token, 415 with one)
        var types = p.getValue().path(m).path("requestBody").path("content").fieldNames();
        String type = types.hasNext() ? types.next() : "application/json";
        for (Map.Entry<String, String> caller : CALLERS.entrySet()) {
          boolean allowed =
              expected.equals(OPEN) || List.of(expected.split(" ")).contains(caller.getKey());
          boolean roleKnown = caller.getKey().matches("admin|submitter|worker|reader");
          int refusal = roleKnown ? 403 : 401;
          for (String verb : method.equals("GET") ? List.of("GET", "HEAD") : List.of(method)) {
            HttpResponse<String> r = call(verb, path, caller.getValue(), type);
            calls++;
            String where = verb + " " + path + " as " + caller.getKey() + ": " + r.statusCode();
            // a 403 about the worker's own secret (field Vernier-Worker-Secret) comes from the
            // fleet's ownership checks, after the role was let in: only the rules' refusals count
            boolean refusedByRule =
                r.statusCode() == 401
                    || (r.statusCode() == 403 && r.body().contains("\"field\":\"Authorization\""));
            if (allowed && refusedByRule) {
              wrong.add(where + ", expected to be let in: " + r.body());
            } else if (!allowed && r.statusCode() != refusal) {
              wrong.add(where + ", expected " + refusal + ": " + r.body());
            } else if (!allowed && verb.equals(method)) {
              String problem = problemOf(r);
              if (problem != null) {
                wrong.add(where + ": " + problem);
              } else if (roleKnown && !r.body().contains("role " + caller.getKey())) {
                wrong.add(where + ": the refusal does not name the role: " + r.body());
              }
            }
          }
        }
      }
    }
    assertEquals(
        EXPECTED.keySet(), documented, "the matrix and the document list other operations");
    assertTrue(
        wrong.isEmpty(), wrong.size() + " of " + calls + " calls:\n" + String.join("\n", wrong));
    assertTrue(calls > 300, "calls: " + calls);
  }

  @Test
  void theApiDocumentsAndTheReferencePageAreOpenForReadingOnly() throws Exception {
    for (String path : OPEN_UNDOCUMENTED) {
      for (String method : List.of("GET", "HEAD")) {
        assertEquals(200, call(method, path, null).statusCode(), method + " " + path);
      }
    }
    String asset = ApiDocsController.ASSETS + "/swagger-ui.css";
    // a static file is served for any method; only reading it is ruled open
    assertEquals(null, problemOf(call("POST", asset, null)), "POST " + asset);
    assertEquals(401, call("POST", asset, null).statusCode());
    HttpResponse<String> r = call("POST", asset, CALLERS.get("reader"));
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("no access rule exists for POST"), r.body());
    // a route of the documents with another method is refused to the unauthenticated
    assertEquals(401, call("POST", "/openapi/vernier.json", null).statusCode());
    assertEquals(401, call("POST", "/health", null).statusCode());
    // what does not exist: 401 without a valid token, so the unauthenticated learn nothing
    for (String path : List.of("/nothing-here", "/api/v1/tokens", "/api-docs/assets/none.js")) {
      assertEquals(401, call("GET", path, null).statusCode(), path);
      assertEquals(401, call("GET", path, "vrn_r_unknown").statusCode(), path);
      r = call("GET", path, CALLERS.get("reader"));
      assertEquals(404, r.statusCode(), path + ": " + r.body());
      assertEquals(null, problemOf(r), path);
    }
  }

  /** Null when the response is a problem document, else what is wrong with it. */
  static String problemOf(HttpResponse<String> r) throws Exception {
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/problem+json")) {
      return "Content-Type " + type + " is not application/problem+json";
    }
    JsonNode p = JSON.readTree(r.body());
    if (!p.path("type").asText().startsWith("https://vernier.dev/problems/")
        || p.path("detail").asText().isBlank()) {
      return "not a problem document: " + r.body();
    }
    return null;
  }

  static String fill(String template) {
    String path = template;
    for (Map.Entry<String, String> v : VALUES.entrySet()) {
      path = path.replace("{" + v.getKey() + "}", v.getValue());
    }
    assertTrue(!path.contains("{"), "no value for a variable of " + template);
    return path;
  }

  static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
