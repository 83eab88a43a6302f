package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document of a running server: open without a token as YAML and JSON, a valid OpenAPI
 * 3 document (every reference resolves, every operation answers, path parameters are declared),
 * covering every route the server has; and the API reference page with its assets.
 */
class ApiDocumentTest {
  @TempDir static Path dir;
  static VernierServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static JsonNode doc;

  @BeforeAll
  static void start() throws Exception {
    Path datasets = java.nio.file.Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(datasets, "train.csv", 1000, 1);
    TestData.csv(datasets, "val.csv", 200, 2);
    server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(datasets), 0),
            Clock.systemUTC(),
            new PrintStream(new java.io.ByteArrayOutputStream()));
    HttpResponse<String> r = get("/openapi/vernier.yml");
    assertEquals(200, r.statusCode(), r.body());
    doc = YAML.readTree(r.body());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A GET without a token. */
  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDocumentIsServedWithoutATokenAsYamlAndAsJson() throws Exception {
    HttpResponse<String> yaml = get("/openapi/vernier.yml");
    assertTrue(
        yaml.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"),
        yaml.headers().toString());
    HttpResponse<String> json = get("/openapi/vernier.json");
    assertEquals(200, json.statusCode(), json.body());
    assertTrue(
        json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        json.headers().toString());
    assertEquals(doc, JSON.readTree(json.body()));
    // the rest of the API still needs one
    assertEquals(401, get("/api/v1/monitors").statusCode());
  }

  @Test
  void theDocumentIsAValidOpenApiDocument() {
    List<String> problems = new ArrayList<>();
    if (!doc.path("openapi").asText().startsWith("3.")) {
      problems.add("openapi is " + doc.path("openapi"));
    }
    if (doc.path("info").path("title").asText().isBlank()
        || doc.path("info").path("version").asText().isBlank()) {
      problems.add("info needs a title and a version: " + doc.path("info"));
    }
    JsonNode bearer = doc.path("components").path("securitySchemes").path("bearer");
    if (!bearer.path("type").asText().equals("http")
        || !bearer.path("scheme").asText().equals("bearer")) {
      problems.add("no bearer security scheme: " + bearer);
    }
    if (!doc.path("security").toString().contains("bearer")) {
      problems.add("the bearer scheme is not required by default: " + doc.path("security"));
    }
    if (!doc.path("components").path("schemas").has("ProblemDocument")) {
      problems.add("no ProblemDocument schema");
    }
    Set<String> operationIds = new HashSet<>();
    doc.path("paths")
        .fields()
        .forEachRemaining(
            p -> {
              Set<String> declared = new TreeSet<>();
              p.getValue()
                  .fields()
                  .forEachRemaining(
                      m -> {
                        String where = m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey();
                        JsonNode op = m.getValue();
                        if (op.path("responses").isEmpty()) {
                          problems.add(where + " has no responses");
                        }
                        String id = op.path("operationId").asText();
                        if (!id.isEmpty() && !operationIds.add(id)) {
                          problems.add(where + ": operationId " + id + " is not unique");
                        }
                        declared.clear();
                        for (JsonNode param : op.path("parameters")) {
                          if (param.path("in").asText().equals("path")) {
                            declared.add(param.path("name").asText());
                          }
                        }
                        Matcher v = Pattern.compile("\\{([^}]+)}").matcher(p.getKey());
                        while (v.find()) {
                          if (!declared.contains(v.group(1))) {
                            problems.add(where + " does not declare path parameter " + v.group(1));
                          }
                        }
                      });
            });
    Matcher ref = Pattern.compile("\"\\$ref\":\"#/([^\"]+)\"").matcher(doc.toString());
    while (ref.find()) {
      JsonNode target = doc;
      for (String step : ref.group(1).split("/")) {
        target = target.path(step.replace("~1", "/").replace("~0", "~"));
      }
      if (target.isMissingNode()) {
        problems.add("unresolved $ref #/" + ref.group(1));
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyRouteOfTheServerIsInTheDocument() {
    Router router = server.context().getBean(Router.class);
    Set<String> routes = new TreeSet<>();
    router
        .uriRoutes()
        .forEach(
            r -> {
              HttpMethod method = r.getHttpMethod();
              String path = r.getUriMatchTemplate().toPathString();
              if (method == HttpMethod.HEAD
                  || method == HttpMethod.OPTIONS
                  || path.startsWith("/openapi/")
                  || path.startsWith("/api-docs")
                  // the dashboard's page and files, not part of the API
                  || path.equals("/")
                  || path.startsWith(DashboardController.ASSETS)) {
                return;
              }
              routes.add(method + " " + path);
            });
    assertTrue(routes.size() > 20, routes.toString());
    assertTrue(routes.contains("GET /health"), routes.toString());
    assertTrue(routes.contains("GET /metrics"), routes.toString());
    Set<String> missing = new TreeSet<>();
    for (String route : routes) {
      String[] mp = route.split(" ", 2);
      if (!doc.path("paths").path(mp[1]).has(mp[0].toLowerCase(Locale.ROOT))) {
        missing.add(route);
      }
    }
    assertTrue(missing.isEmpty(), "routes missing from the document: " + missing);
    // the open ones say so, the others need the bearer token
    assertEquals("[]", doc.path("paths").path("/health").path("get").path("security").toString());
    assertFalse(doc.path("paths").path("/metrics").path("get").has("security"));
  }

  @Test
  void creationsAnswer201WithTheirLocation() {
    for (String path : List.of("/api/v1/monitors", "/api/v1/tuning-jobs", "/api/v1/webhooks")) {
      JsonNode created = doc.path("paths").path(path).path("post").path("responses").path("201");
      assertFalse(created.isMissingNode(), path + ": " + doc.path("paths").path(path));
      assertTrue(created.path("headers").has("Location"), path + ": " + created);
    }
  }

  @Test
  void errorsAreProblemDocuments() {
    List<String> without = new ArrayList<>();
    doc.path("paths")
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fields()
                    .forEachRemaining(
                        m -> {
                          // /health answers its own document, never a problem
                          if (!p.getKey().startsWith("/health")
                              && !m.getValue()
                                  .path("responses")
                                  .toString()
                                  .contains("ProblemDocument")) {
                            without.add(m.getKey() + " " + p.getKey());
                          }
                        }));
    assertTrue(without.isEmpty(), "operations without a problem document: " + without);
  }

  /** A call with a token and a JSON body. */
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

  /**
   * Answers as the document says: each body's status is documented for its operation, and every
   * field of the body (nested objects and arrays included) is a property of the documented schema.
   */
  @Test
  void servedBodiesHaveTheDocumentedShapes() throws Exception {
    List<String> problems = new ArrayList<>();
    String url = "https://hooks.example.com/vernier";
    HttpResponse<String> r = call("POST", "/api/v1/webhooks", "{\"url\":\"" + url + "\"}");
    check(problems, "post", "/api/v1/webhooks", r);
    check(problems, "get", "/api/v1/webhooks", call("GET", "/api/v1/webhooks", null));

    String spec =
        "{\"name\":\"doc-monitor\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"events\":200},\"alerts\":{\"k\":1,\"n\":1}}";
    r = call("POST", "/api/v1/monitors", spec);
    check(problems, "post", "/api/v1/monitors", r);
    String location = r.headers().firstValue("Location").orElse("");
    assertEquals(200, call("GET", location, null).statusCode(), "Location " + location);
    String id = JSON.readTree(r.body()).path("id").asText();
    String m = "/api/v1/monitors/{id}";
    r = call("POST", "/api/v1/monitors/" + id + "/events", MonitorApiTest.events(0, 200, 3));
    check(problems, "post", m + "/events", r);
    check(problems, "get", m, call("GET", "/api/v1/monitors/" + id, null));
    check(problems, "get", "/api/v1/monitors", call("GET", "/api/v1/monitors", null));
    check(
        problems, "get", m + "/windows", call("GET", "/api/v1/monitors/" + id + "/windows", null));
    check(problems, "get", m + "/alerts", call("GET", "/api/v1/monitors/" + id + "/alerts", null));
    check(problems, "get", m, call("GET", "/api/v1/monitors/mon-nope", null));

    r = call("POST", "/api/v1/tuning-jobs", TestData.job("doc-job", "random", 2, 1));
    check(problems, "post", "/api/v1/tuning-jobs", r);
    location = r.headers().firstValue("Location").orElse("");
    assertEquals(200, call("GET", location, null).statusCode(), "Location " + location);
    String j = "/api/v1/tuning-jobs/{id}";
    check(problems, "get", j, call("GET", "/api/v1/tuning-jobs/doc-job", null));
    check(problems, "get", "/api/v1/tuning-jobs", call("GET", "/api/v1/tuning-jobs", null));
    check(problems, "get", j + "/trials", call("GET", "/api/v1/tuning-jobs/doc-job/trials", null));
    check(problems, "post", j + "/stop", call("POST", "/api/v1/tuning-jobs/doc-job/stop", null));
    check(problems, "post", "/api/v1/tuning-jobs", call("POST", "/api/v1/tuning-jobs", "{}"));
    String worker = "{\"name\":\"doc-worker\",\"slots\":1,\"bootId\":\"b\"}";
    r = call("POST", "/api/v1/fleet/workers", worker);
    check(problems, "post", "/api/v1/fleet/workers", r);
    assertTrue(JSON.readTree(r.body()).has("workerSecret"), r.body());
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** Checks a response against its operation's documented response. */
  static void check(List<String> problems, String method, String path, HttpResponse<String> r)
      throws Exception {
    String where = method.toUpperCase(Locale.ROOT) + " " + path + " " + r.statusCode();
    JsonNode response =
        doc.path("paths").path(path).path(method).path("responses").path("" + r.statusCode());
    if (response.isMissingNode()) {
      problems.add(where + ": the status is not documented (" + r.body() + ")");
      return;
    }
    String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0];
    JsonNode schema = response.path("content").path(type).path("schema");
    if (schema.isMissingNode()) {
      problems.add(where + ": " + type + " is not documented: " + response);
      return;
    }
    conforms(problems, where, schema, JSON.readTree(r.body()));
  }

  static void conforms(List<String> problems, String where, JsonNode schema, JsonNode value) {
    if (schema.has("$ref")) {
      String name = schema.path("$ref").asText().replace("#/components/schemas/", "");
      conforms(
          problems, where + " " + name, doc.path("components").path("schemas").path(name), value);
      return;
    }
    String type = schema.path("type").asText();
    boolean fits =
        value.isNull()
            || switch (type) {
              case "object" -> value.isObject();
              case "array" -> value.isArray();
              case "string" -> value.isTextual();
              case "integer" -> value.isIntegralNumber();
              case "number" -> value.isNumber();
              case "boolean" -> value.isBoolean();
              default -> true;
            };
    if (!fits) {
      problems.add(where + ": a " + value.getNodeType() + " where the schema says " + type);
    }
    if (value.isArray() && schema.has("items")) {
      for (JsonNode e : value) {
        conforms(problems, where + "[]", schema.get("items"), e);
      }
    } else if (value.isObject() && schema.has("properties")) {
      value
          .fieldNames()
          .forEachRemaining(
              f -> {
                JsonNode property = schema.path("properties").path(f);
                if (property.isMissingNode()) {
                  problems.add(where + ": field " + f + " is not in the schema");
                } else {
                  conforms(problems, where + "." + f, property, value.get(f));
                }
              });
    }
  }

  @Test
  void theReferencePageLoadsSwaggerUiFromTheService() throws Exception {
    HttpResponse<String> page = get("/api-docs");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(
        page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
        page.headers().toString());
    Matcher src = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
    int assets = 0;
    while (src.find()) {
      String asset = src.group(1);
      assertTrue(asset.startsWith("/"), "served by the service, not a CDN: " + asset);
      HttpResponse<String> r = get(asset);
      assertEquals(200, r.statusCode(), asset);
      assertFalse(r.body().isEmpty(), asset);
      assets++;
    }
    assertEquals(4, assets, page.body());
    assertTrue(get("/api-docs/init.js").body().contains("/openapi/vernier.json"));
  }
}
