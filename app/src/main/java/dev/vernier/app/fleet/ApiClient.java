package dev.vernier.app.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP client for Vernier's API, used by the CLI and remote workers: bearer token, JSON in
 * and out, problem documents turned into exceptions that carry the server's message.
 */
public final class ApiClient {
  static final ObjectMapper JSON = dev.vernier.core.json.Json.MAPPER;

  /**
   * A 4xx answer: the request was wrong; the errors are the problem document's ({@code errors}, or
   * its {@code field} and {@code detail}).
   */
  public static final class Rejected extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final int status;

    Rejected(int status, List<InvalidInputException.Error> errors) {
      super(errors);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** A response: status and JSON body (null for 204). */
  public record Reply(int status, JsonNode body) {}

  private final URI base;
  private final String token;
  private final HttpClient http;

  public ApiClient(String baseUrl, String token) {
    if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
      throw new InvalidInputException("--server", "must be an http:// or https:// URL", baseUrl);
    }
    if (token == null || token.isBlank()) {
      throw new InvalidInputException("--token", "is required (or set VERNIER_TOKEN)", null);
    }
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  public Reply get(String path) throws IOException {
    return send(request(path).GET().build());
  }

  public Reply delete(String path) throws IOException {
    return send(request(path).DELETE().build());
  }

  public Reply post(String path, String json) throws IOException {
    return post(path, json, Map.of());
  }

  /** A POST with extra headers (a worker's secret). */
  public Reply post(String path, String json, Map<String, String> headers) throws IOException {
    HttpRequest.Builder b = request(path).header("Content-Type", "application/json");
    headers.forEach(b::header);
    return send(b.POST(HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json)).build());
  }

  public Reply put(String path, Path file) throws IOException {
    return put(path, file, Map.of());
  }

  /** A PUT of a file's bytes with extra headers (a worker's secret). */
  public Reply put(String path, Path file, Map<String, String> headers) throws IOException {
    HttpRequest.Builder b = request(path).header("Content-Type", "application/octet-stream");
    headers.forEach(b::header);
    return send(b.PUT(HttpRequest.BodyPublishers.ofFile(file)).build());
  }

  /**
   * Downloads a file the service serves as bytes (a model) into {@code out}; returns the number of
   * bytes. Errors are the server's problem documents, as for the JSON calls.
   */
  public long download(String path, OutputStream out) throws IOException {
    HttpRequest req =
        request(path)
            .header("Accept", "application/octet-stream, application/problem+json")
            .GET()
            .build();
    HttpResponse<InputStream> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream in = r.body()) {
      if (r.statusCode() >= 400) {
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        check(r.statusCode(), text, text.isBlank() ? null : readOrNull(text));
      }
      return in.transferTo(out);
    }
  }

  private static JsonNode readOrNull(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private Reply send(HttpRequest req) throws IOException {
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode body = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
    check(r.statusCode(), r.body(), body);
    return new Reply(r.statusCode(), body);
  }

  /** One error of a problem document; its detail names the field already: keep one in front. */
  private static InvalidInputException.Error error(int status, String field, String detail) {
    String rule = detail.startsWith(field + ": ") ? detail.substring(field.length() + 2) : detail;
    return new InvalidInputException.Error(field, rule + " (HTTP " + status + ")", null);
  }

  /** Throws for a 4xx (the request was wrong) or a 5xx (the server failed). */
  private static void check(int status, String text, JsonNode body) throws IOException {
    if (status >= 400 && status < 500) {
      String detail = body != null && body.has("detail") ? body.get("detail").asText() : text;
      String field = body != null && body.has("field") ? body.get("field").asText() : "request";
      List<InvalidInputException.Error> all = new ArrayList<>();
      JsonNode errors = body == null ? null : body.get("errors");
      if (errors != null && errors.isArray()) {
        for (JsonNode e : errors) {
          all.add(error(status, e.path("field").asText("request"), e.path("detail").asText()));
        }
      }
      if (all.isEmpty()) {
        all.add(error(status, field, detail));
      }
      throw new Rejected(status, all);
    }
    if (status >= 500) {
      throw new IOException(
          "the server failed (HTTP "
              + status
              + "): "
              + (body != null && body.has("detail") ? body.get("detail").asText() : text));
    }
  }
}
