package dev.vernier.app.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.InvalidInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static final String JSON_TYPE = "application/json";
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int READ_TIMEOUT_MILLIS = 5 * 60_000;

  static {
    // the JDK's HTTP/1.1 client (HttpURLConnection): blocking on the caller's thread, so a call
    // costs no hand-offs between threads (java.net.http's client took about a fifth of the CPU of
    // `vernier bench fleet`). Its defaults are changed unless the user set them: a POST is never
    // sent again silently on a broken keep-alive connection (the fleet protocol decides what a
    // repeat means: a report is DUPLICATE, a lost lease expires), and a worker's slots keep their
    // connections alive (the default pool keeps 5 per server).
    if (System.getProperty("sun.net.http.retryPost") == null) {
      System.setProperty("sun.net.http.retryPost", "false");
    }
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "64");
    }
  }

  private final List<URI> bases;
  private final AtomicInteger current = new AtomicInteger();
  private final Consumer<String> onSwitch;
  private final String token;

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
    this.token = token(token);
    this.onSwitch = onSwitch;
  }

  /**
   * The token as sent in {@code Authorization: Bearer <token>}: without surrounding whitespace (a
   * token read from a file, {@code VERNIER_TOKEN="$(cat tok)"}, often ends in a line break), and
   * refused when a control character is left inside it, which no header may carry. The error never
   * shows the token: it is a secret, and error lines end up in logs.
   *
   * @throws InvalidInputException naming {@code --token}
   */
  static String token(String token) {
    String t = token == null ? "" : token.strip();
    if (t.isEmpty()) {
      throw new InvalidInputException("--token", "is required (or set VERNIER_TOKEN)", null);
    }
    if (t.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException(
          "--token",
          "must not contain control characters such as a line break inside it (check --token or"
              + " $VERNIER_TOKEN, and the file it was read from; the value is not shown)",
          null);
    }
    return t;
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

  /**
   * One call: method, path, extra headers and its body (JSON bytes, a file, or none), sent to
   * whichever server is current.
   */
  private record Call(
      String method,
      String path,
      String accept,
      Map<String, String> headers,
      byte[] json,
      Path file) {}

  public Reply get(String path) throws IOException {
    return send(new Call("GET", path, JSON_TYPE, Map.of(), null, null));
  }

  public Reply delete(String path) throws IOException {
    return send(new Call("DELETE", path, JSON_TYPE, Map.of(), null, null));
  }

  public Reply post(String path, String json) throws IOException {
    return post(path, json, Map.of());
  }

  /** A POST with extra headers (a worker's secret). */
  public Reply post(String path, String json, Map<String, String> headers) throws IOException {
    byte[] body = (json == null ? "{}" : json).getBytes(StandardCharsets.UTF_8);
    return send(new Call("POST", path, JSON_TYPE, headers, body, null));
  }

  public Reply put(String path, Path file) throws IOException {
    return put(path, file, Map.of());
  }

  /** A PUT of a file's bytes with extra headers (a worker's secret). */
  public Reply put(String path, Path file, Map<String, String> headers) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new FileNotFoundException(file.toString()); // not the server's fault: no failover
    }
    return send(new Call("PUT", path, JSON_TYPE, headers, null, file));
  }

  /**
   * Downloads a file the service serves as bytes (a model) into {@code out}; returns the number of
   * bytes. Errors are the server's problem documents, as for the JSON calls.
   */
  public long download(String path, OutputStream out) throws IOException {
    HttpURLConnection c =
        exchange(
            new Call(
                "GET",
                path,
                "application/octet-stream, application/problem+json",
                Map.of(),
                null,
                null));
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      if (status >= 400) {
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        check(status, text, text.isBlank() ? null : readOrNull(text));
      }
      return in == null ? 0 : in.transferTo(out);
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
   * fails; throws the last transport failure when none answered. Answers the connection with its
   * status read; the caller reads (and closes) the body, which returns the connection to the
   * keep-alive pool.
   */
  private HttpURLConnection exchange(Call call) throws IOException {
    IOException last = null;
    for (int tried = 0; tried < bases.size(); tried++) {
      int at = current.get();
      URI base = bases.get(at);
      try {
        return open(base, call);
      } catch (HttpRetryException e) {
        // a streamed upload answered 401/407 or a redirect: an answer, not a transport failure
        check(
            e.responseCode(),
            "the server refused the upload before reading it (check the token and --server)",
            null);
        throw e;
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

  private HttpURLConnection open(URI base, Call call) throws IOException {
    String rel = call.path().startsWith("/") ? call.path().substring(1) : call.path();
    // the base ends with "/" and the path is ours, its segments encoded: appending is resolving
    @SuppressWarnings("deprecation") // URL(String): URI.resolve + toURL parsed it twice per call
    java.net.URL url = new java.net.URL(base.toString() + rel);
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    c.setReadTimeout(READ_TIMEOUT_MILLIS);
    c.setUseCaches(false);
    c.setInstanceFollowRedirects(false);
    c.setRequestMethod(call.method());
    c.setRequestProperty("Authorization", "Bearer " + token);
    c.setRequestProperty("Accept", call.accept());
    call.headers().forEach(c::setRequestProperty);
    if (call.json() != null) {
      c.setRequestProperty("Content-Type", JSON_TYPE);
      c.setDoOutput(true); // buffered, not streamed: a 401 is then an answer, not a retry failure
      try (OutputStream o = c.getOutputStream()) {
        o.write(call.json());
      }
    } else if (call.file() != null) {
      c.setRequestProperty("Content-Type", "application/octet-stream");
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(Files.size(call.file()));
      try (OutputStream o = c.getOutputStream()) {
        Files.copy(call.file(), o);
      }
    }
    c.getResponseCode(); // the exchange: a transport failure throws here
    return c;
  }

  /** The transport failure in a few words: its type, and its message when it has one. */
  static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  private Reply send(Call call) throws IOException {
    HttpURLConnection c = exchange(call);
    int status = c.getResponseCode();
    String text;
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JsonNode body = text.isBlank() ? null : JSON.readTree(text);
    check(status, text, body);
    return new Reply(status, body);
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
