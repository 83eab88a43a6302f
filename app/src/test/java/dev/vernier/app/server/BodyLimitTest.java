package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.security.Role;
import dev.vernier.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-route body limits over a real server: documents at most 4 KiB and ingestion batches at most
 * 64 KiB here, refused with 413 problem documents before the body is read.
 */
class BodyLimitTest {
  static final long JSON_LIMIT = 4096;
  static final long INGEST_LIMIT = 65536;
  @TempDir static Path dir;
  static VernierServer server;
  static String submitter;
  static String monitorId;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 500, 1);
    server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0)
                .withLimits(new RequestLimits(JSON_LIMIT, INGEST_LIMIT)),
            Clock.systemUTC(),
            new PrintStream(new ByteArrayOutputStream()));
    submitter = server.tokens().create(Role.SUBMITTER, "test", System.currentTimeMillis());
    HttpResponse<String> m =
        post(
            "/api/v1/monitors",
            submitter,
            "{\"name\":\"limits\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
                + "\"window\":{\"events\":100000}}");
    assertEquals(201, m.statusCode(), m.body());
    monitorId = JSON.readTree(m.body()).path("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code n} bytes of valid JSON: a job spec padded with a long description. */
  static String document(int n) {
    String head = "{\"name\":\"padded\",\"description\":\"";
    String tail = "\"}";
    return head + "x".repeat(n - head.length() - tail.length()) + tail;
  }

  /** Event lines of about {@code n} bytes. */
  static String events(int n) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (sb.length() < n) {
      sb.append("{\"inferenceId\":\"e")
          .append(i++)
          .append("\",\"eventTime\":1000,\"features\":[0.1,0.2,0.3,0.4],\"prediction\":1}\n");
    }
    return sb.toString();
  }

  static void assertProblem(HttpResponse<String> r, int status, String... inDetail)
      throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(
        "application/problem+json", r.headers().firstValue("Content-Type").orElse(""), r.body());
    JsonNode p = JSON.readTree(r.body());
    assertEquals(status, p.path("status").asInt(), r.body());
    for (String s : inDetail) {
      assertTrue(p.path("detail").asText().contains(s), r.body());
    }
  }

  @Test
  void aDocumentOverItsLimitIsRefusedNamingTheLimitAndTheOption() throws Exception {
    HttpResponse<String> r = post("/api/v1/tuning-jobs", submitter, document(5000));
    assertProblem(r, 413, "5000 bytes", String.valueOf(JSON_LIMIT), "--max-json-bytes");
    assertEquals("Content-Length", JSON.readTree(r.body()).path("field").asText());
    // one under the limit is read and judged on its content
    HttpResponse<String> under = post("/api/v1/tuning-jobs", submitter, document(4000));
    assertEquals(400, under.statusCode(), under.body());
    // a monitor document is a document too, whatever its route
    assertProblem(post("/api/v1/monitors", submitter, document(5000)), 413, "--max-json-bytes");
  }

  @Test
  void anIngestionBatchHasItsOwnLargerLimit() throws Exception {
    String path = "/api/v1/monitors/" + monitorId + "/events";
    HttpResponse<String> ok = post(path, submitter, events(20_000));
    assertEquals(202, ok.statusCode(), ok.body());
    HttpResponse<String> big = post(path, submitter, events(70_000));
    assertProblem(big, 413, String.valueOf(INGEST_LIMIT), "--max-ingest-bytes");
  }

  @Test
  void anArtifactUploadIsNotHeldToTheDocumentLimit() throws Exception {
    byte[] model = new byte[(int) INGEST_LIMIT * 2]; // over both buffered limits
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/v1/fleet/leases/lease-nope/artifact"))
                .header("Authorization", "Bearer " + server.firstAdminToken())
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(model))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // streamed to its own limit (1 GiB here): the lease is judged, not the size
    assertEquals(404, r.statusCode(), r.body());
  }

  @Test
  void anUnauthenticatedCallerIsAnswered401BeforeAnyLimit() throws Exception {
    assertEquals(401, post("/api/v1/tuning-jobs", null, document(5000)).statusCode());
  }

  @Test
  void aChunkedDocumentIsAnswered411AndAChunkedBatchIsCutAtTheBufferLimit() throws Exception {
    String doc = rawChunked("/api/v1/tuning-jobs", document(2000));
    assertTrue(doc.startsWith("HTTP/1.1 411"), doc);
    assertTrue(doc.contains("Content-Length"), doc);
    String small = rawChunked("/api/v1/monitors/" + monitorId + "/events", events(2_000));
    assertTrue(small.startsWith("HTTP/1.1 202"), small);
    String huge = rawChunked("/api/v1/monitors/" + monitorId + "/events", events(200_000));
    assertTrue(huge.startsWith("HTTP/1.1 413"), huge);
    assertTrue(huge.contains("application/problem+json"), huge);
  }

  @Test
  void limitsOutsideTheirRangeAreRefusedNamingTheOption() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> new RequestLimits(10, INGEST_LIMIT));
    assertTrue(e.getMessage().contains("--max-json-bytes"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> new RequestLimits(JSON_LIMIT, 1L << 40));
    assertTrue(e.getMessage().contains("--max-ingest-bytes"), e.getMessage());
  }

  /** Sends the body chunked (no Content-Length) and returns the whole answer. */
  static String rawChunked(String path, String body) throws Exception {
    URI u = URI.create(server.url().toString());
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + submitter
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      try {
        for (int i = 0; i < b.length; i += 8192) {
          int n = Math.min(8192, b.length - i);
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(b, i, n);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (java.io.IOException closedEarly) {
        // the server may answer and close before the whole body is sent
      }
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
