package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys on a monitor's ingestion posts: a retried post is answered from the first and
 * counted once, and a key reused with another body is refused.
 */
class MonitorIdempotencyTest extends MonitorFixture {
  @Test
  void aRetriedPostWithTheSameIdempotencyKeyCountsItsEventsOnce() throws Exception {
    String spec =
        "{\"name\":\"idempotent\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"events\":1000}}";
    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    String path = "/api/v1/monitors/" + id + "/events";
    String body = events(0, 150, 0) + "not json\n";
    HttpResponse<String> first = keyed(path, body, "batch-0001");
    HttpResponse<String> retry = keyed(path, body, "batch-0001");
    HttpResponse<String> other = keyed(path, events(150, 50, 0), "batch-0002");
    assertEquals(202, first.statusCode(), first.body());
    assertEquals(202, retry.statusCode(), retry.body());
    assertTrue(first.headers().firstValue("Idempotent-Replayed").isEmpty());
    assertEquals("true", retry.headers().firstValue("Idempotent-Replayed").orElse(""));
    assertEquals(JSON.readTree(first.body()), JSON.readTree(retry.body()));
    assertEquals(150, JSON.readTree(retry.body()).path("accepted").asInt(), retry.body());
    assertEquals(50, JSON.readTree(other.body()).path("accepted").asInt(), other.body());
    JsonNode m = JSON.readTree(call("GET", "/api/v1/monitors/" + id, reader, null).body());
    assertEquals(200, m.path("counters").path("events_accepted").asInt(), m.toString());
    assertEquals(1, m.path("counters").path("rejected_not_json").asInt(), m.toString());

    HttpResponse<String> bad = keyed(path, body, "x".repeat(201));
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("Idempotency-Key", JSON.readTree(bad.body()).path("field").asText(), bad.body());
  }

  private static HttpResponse<String> keyed(String path, String body, String key) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + submitter)
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Issue: an idempotency key is one post's of each kind and tied to its body: labels posted with
   * an events post's key are applied, and the key reused with other events is a 409 naming the
   * header.
   */
  @Test
  void anIdempotencyKeyReusedWithAnotherBodyIsRefused() throws Exception {
    String spec =
        "{\"name\":\"keyed-bodies\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"events\":1000}}";
    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    String path = "/api/v1/monitors/" + id;
    assertEquals(202, keyed(path + "/events", events(0, 10, 0), "key-1").statusCode());
    HttpResponse<String> labels =
        keyed(path + "/labels", "{\"inferenceId\":\"i1\",\"label\":1}", "key-1");
    assertEquals(202, labels.statusCode(), labels.body());
    assertTrue(labels.headers().firstValue("Idempotent-Replayed").isEmpty(), labels.body());
    assertEquals(1, JSON.readTree(labels.body()).path("accepted").asInt(), labels.body());
    HttpResponse<String> reused = keyed(path + "/events", events(10, 10, 0), "key-1");
    assertEquals(409, reused.statusCode(), reused.body());
    JsonNode p = JSON.readTree(reused.body());
    assertEquals("Idempotency-Key", p.path("field").asText(), reused.body());
    assertTrue(p.path("detail").asText().contains("different body"), reused.body());
    JsonNode m = JSON.readTree(call("GET", path, reader, null).body());
    assertEquals(10, m.path("counters").path("events_accepted").asInt(), m.toString());
  }
}
