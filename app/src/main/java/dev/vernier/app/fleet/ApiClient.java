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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A small HTTP client for Vernier's API, used by the CLI and remote workers: bearer token, JSON in
 * and out, problem documents turned into exceptions that carry the server's message.
 *
 * <p><b>Several servers</b> (replicas of one service on one database): calls go to one of them, the
 * current one. When a call cannot reach it (the connection is refused, or breaks or times out
 * before a response: an {@link IOException} from the transport), the client moves to the next in
 * the list, round-robin, tells {@code onSwitch} in one line, and sends the call there; each server
 * is tried at most once per call, and when none answers the last failure is thrown, so the caller's
 * own back-off decides when to try again. An HTTP answer, an error status included, is an answer:
 * it never moves the client. A call that broke after the server received it may thus reach a second
 * replica; the fleet protocol makes that safe (a repeated report is {@code DUPLICATE}, a lease
 * whose answer was lost expires). Thread-safe: threads share the current server, and failures seen
 * on one server at once move it one step.
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

  private static final Logger LOG = Logger.getLogger(ApiClient.class.getName());

  private final List<URI> bases;
  private final AtomicInteger current = new AtomicInteger();
  private final Consumer<String> onSwitch;
  private final String token;
  private final HttpClient http;

  /** A client of one server. */
  public ApiClient(String baseUrl, String token) {
    this(List.of(baseUrl == null ? "" : baseUrl), token, LOG::warning);
  }

  /**
   * A client of several replicas of one service, starting with the first.
   *
   * @param baseUrls one or more http:// or https:// URLs; each is checked ({@code --server})
   * @param onSwitch told one line each time the client moves to another server (from the slots'
   *     threads)
   */
  public ApiClient(List<String> baseUrls, String token, Consumer<String> onSwitch) {
    this.bases = servers(baseUrls);
    if (token == null || token.isBlank()) {
      throw new InvalidInputException("--token", "is required (or set VERNIER_TOKEN)", null);
    }
    this.token = token;
    this.onSwitch = onSwitch;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * The servers a {@code --server} option names: each value may hold several URLs separated by
   * commas; each must be an http:// or https:// URL with a host, named once.
   *
   * @throws InvalidInputException naming {@code --server}, the rule and the value
   */
  public static List<URI> servers(List<String> values) {
    List<URI> out = new ArrayList<>();
    for (String v : values) {
      for (String one : (v == null ? "" : v).split(",", -1)) {
        String u = one.strip();
        URI uri = null;
        if (u.startsWith("http://") || u.startsWith("https://")) {
          try {
            uri = URI.create(u.endsWith("/") ? u : u + "/");
          } catch (IllegalArgumentException e) {
            uri = null;
          }
        }
        if (u.isEmpty()) {
          throw new InvalidInputException(
              "--server", "has an empty item in its comma-separated list", v);
        }
        if (uri == null || uri.getHost() == null || uri.getQuery() != null) {
          throw new InvalidInputException(
              "--server", "must be an http:// or https:// URL with a host and no query (?...)", u);
        }
        if (out.contains(uri)) {
          throw new InvalidInputException("--server", "names the same server twice", u);
        }
        out.add(uri);
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("--server", "must name at least one URL", null);
    }
    return List.copyOf(out);
  }

  /** The server calls go to now. */
  public URI server() {
    return bases.get(current.get());
  }

  /** A request to {@code path}, built against whichever server the call is sent to. */
  @FunctionalInterface
  private interface Request {
    HttpRequest build(URI base);
  }

  private HttpRequest.Builder request(URI base, String path) {
    return HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  public Reply get(String path) throws IOException {
    return send(b -> request(b, path).GET().build());
  }

  public Reply delete(String path) throws IOException {
    return send(b -> request(b, path).DELETE().build());
  }

  public Reply post(String path, String json) throws IOException {
    return post(path, json, Map.of());
  }

  /** A POST with extra headers (a worker's secret). */
  public Reply post(String path, String json, Map<String, String> headers) throws IOException {
    return send(
        b -> {
          HttpRequest.Builder r = request(b, path).header("Content-Type", "application/json");
          headers.forEach(r::header);
          return r.POST(HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json)).build();
        });
  }

  public Reply put(String path, Path file) throws IOException {
    return put(path, file, Map.of());
  }

  /** A PUT of a file's bytes with extra headers (a worker's secret). */
  public Reply put(String path, Path file, Map<String, String> headers) throws IOException {
    return send(
        b -> {
          HttpRequest.Builder r =
              request(b, path).header("Content-Type", "application/octet-stream");
          headers.forEach(r::header);
          try {
            return r.PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
          } catch (java.io.FileNotFoundException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /**
   * Downloads a file the service serves as bytes (a model) into {@code out}; returns the number of
   * bytes. Errors are the server's problem documents, as for the JSON calls.
   */
  public long download(String path, OutputStream out) throws IOException {
    HttpResponse<InputStream> r =
        exchange(
            b ->
                request(b, path)
                    .header("Accept", "application/octet-stream, application/problem+json")
                    .GET()
                    .build(),
            HttpResponse.BodyHandlers.ofInputStream());
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

  /**
   * Sends to the current server, moving on (round-robin, each server once) while the transport
   * fails; throws the last transport failure when none answered.
   */
  private <T> HttpResponse<T> exchange(Request req, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    IOException last = null;
    for (int tried = 0; tried < bases.size(); tried++) {
      int at = current.get();
      URI base = bases.get(at);
      HttpRequest built;
      try {
        built = req.build(base);
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause(); // the file to upload is gone: not the server's fault
      }
      try {
        return http.send(built, handler);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (IOException e) {
        last = e;
        if (bases.size() > 1) {
          int next = (at + 1) % bases.size();
          if (current.compareAndSet(at, next)) {
            onSwitch.accept(
                "server "
                    + base
                    + " did not answer ("
                    + describe(e)
                    + "); switching to "
                    + bases.get(next));
          }
        }
      }
    }
    throw last;
  }

  /** The transport failure in a few words: its type, and its message when it has one. */
  static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  private Reply send(Request req) throws IOException {
    HttpResponse<String> r = exchange(req, HttpResponse.BodyHandlers.ofString());
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
