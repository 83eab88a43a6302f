package dev.vernier.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.vernier.app.security.AccessRules;
import dev.vernier.monitor.api.MonitorApiInfo;
import dev.vernier.tuner.api.ApiInfo;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service's OpenAPI document. Micronaut OpenAPI's annotation processor writes one part per
 * module from its controllers (this module's part holds the header, the bearer scheme, {@code
 * /metrics} and {@code /health}); this class merges the parts into one document: paths, components
 * and tags, and marks the operations open without a token (their {@link AccessRules} rule) with an
 * empty security requirement.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "vernier",
            version = "1.0.0",
            description =
                "Vernier: hyperparameter tuning (jobs, trials, the worker fleet) and model"
                    + " monitoring (monitors, ingestion, windows, alerts, webhooks). Every call but"
                    + " /health and the API documents needs Authorization: Bearer <token>; every"
                    + " error is a problem document (application/problem+json)."),
    security = @SecurityRequirement(name = OpenApiDocument.BEARER))
@SecurityScheme(
    name = OpenApiDocument.BEARER,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "a token made by `vernier token create` (admin, submitter, worker or reader)")
public final class OpenApiDocument {
  static final String BEARER = "bearer";

  /** The parts, this module's (the header) first. */
  static final List<String> PARTS =
      List.of("META-INF/swagger/vernier-1.0.0.yml", ApiInfo.PART, MonitorApiInfo.PART);

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode document;
  private final String yaml;
  private final String json;

  private OpenApiDocument(ObjectNode document) {
    this.document = document;
    try {
      this.yaml = YAML.writeValueAsString(document);
      this.json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document merged from the parts on the class path; fails when one is missing.
   *
   * @param routed the route templates the server has: this module's part documents every management
   *     endpoint Micronaut has, and those the server does not turn on are dropped
   */
  public static OpenApiDocument load(Set<String> routed) {
    ClassLoader loader = OpenApiDocument.class.getClassLoader();
    ObjectNode merged = null;
    for (String part : PARTS) {
      try (InputStream in = loader.getResourceAsStream(part)) {
        if (in == null) {
          throw new IllegalStateException("the OpenAPI part " + part + " is not on the class path");
        }
        ObjectNode doc = (ObjectNode) YAML.readTree(in);
        if (merged == null) {
          doc.with("paths").properties().removeIf(p -> !routed.contains(p.getKey()));
          merged = doc;
        } else {
          merge(merged, doc);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading the OpenAPI part " + part, e);
      }
    }
    markPublic(merged);
    addCommonErrors(merged);
    return new OpenApiDocument(merged);
  }

  /** Adds a part's paths, components and tags to the document. */
  static void merge(ObjectNode into, ObjectNode part) {
    ObjectNode paths = object(into, "paths");
    for (Map.Entry<String, JsonNode> p : iterable(part.path("paths").fields())) {
      object(paths, p.getKey()).setAll((ObjectNode) p.getValue());
    }
    ObjectNode components = object(into, "components");
    for (Map.Entry<String, JsonNode> section : iterable(part.path("components").fields())) {
      ObjectNode target = object(components, section.getKey());
      for (Map.Entry<String, JsonNode> c : iterable(section.getValue().fields())) {
        if (!target.has(c.getKey())) {
          target.set(c.getKey(), c.getValue());
        }
      }
    }
    if (part.path("tags").isArray()) {
      ArrayNode tags = into.has("tags") ? (ArrayNode) into.get("tags") : into.putArray("tags");
      Set<String> names = new HashSet<>();
      tags.forEach(t -> names.add(t.path("name").asText()));
      for (JsonNode t : part.get("tags")) {
        if (names.add(t.path("name").asText())) {
          tags.add(t);
        }
      }
    }
  }

  /**
   * The answers every protected operation can give, added here once rather than on each controller:
   * 400 (invalid input), 401 (no or unknown token), 403 (a role that may not) and, where a body is
   * sent, 413 (over the route's limit), each a problem document. An operation's own description of
   * one of them wins.
   */
  private static void addCommonErrors(ObjectNode doc) {
    String[][] common = {
      {"400", "invalid input: the problem names the field (and lists every error in errors)"},
      {"401", "no token, or an unknown one"},
      {"403", "the token's role may not do this"},
      {"413", "the body is over the route's limit (serve --max-json-bytes, --max-ingest-bytes)"},
    };
    for (Map.Entry<String, JsonNode> p : iterable(doc.path("paths").fields())) {
      for (Map.Entry<String, JsonNode> m : iterable(p.getValue().fields())) {
        JsonNode op = m.getValue();
        if (op.isObject() && op.has("responses") && !isOpen(m.getKey(), p.getKey())) {
          ObjectNode responses = (ObjectNode) op.get("responses");
          for (String[] c : common) {
            if (!responses.has(c[0]) && (!c[0].equals("413") || op.has("requestBody"))) {
              ObjectNode r = responses.putObject(c[0]).put("description", c[1]);
              r.putObject("content")
                  .putObject(dev.vernier.platform.problem.Problem.MEDIA_TYPE)
                  .putObject("schema")
                  .put("$ref", "#/components/schemas/ProblemDocument");
            }
          }
        }
      }
    }
  }

  private static void markPublic(ObjectNode doc) {
    for (Map.Entry<String, JsonNode> p : iterable(doc.path("paths").fields())) {
      for (Map.Entry<String, JsonNode> m : iterable(p.getValue().fields())) {
        if (m.getValue().isObject()
            && m.getValue().has("responses")
            && isOpen(m.getKey(), p.getKey())) {
          ((ObjectNode) m.getValue()).putArray("security");
        }
      }
    }
  }

  /** Whether the operation's access rule lets it be called without a token. */
  private static boolean isOpen(String method, String path) {
    return AccessRules.rule(method, path).map(AccessRules.Rule::open).orElse(false);
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    JsonNode n = parent.get(field);
    return n instanceof ObjectNode o ? o : parent.putObject(field);
  }

  private static <T> Iterable<T> iterable(Iterator<T> it) {
    return () -> it;
  }

  /** The document as a tree (a copy). */
  public ObjectNode tree() {
    return document.deepCopy();
  }

  public String yaml() {
    return yaml;
  }

  public String json() {
    return json;
  }
}
