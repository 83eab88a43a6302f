package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A request line or header block over the server's limits: 414 and 431 problem documents stating
 * the limit (they were 413s naming the body limits), with or without a token, while requests under
 * the limits are served.
 */
class RequestHeadLimitsTest extends ServerFixture {
  static HttpResponse<String> send(String query, String padHeader, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/tuning-jobs" + query));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (padHeader != null) {
      b.header("X-Pad", padHeader);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aLongUriIs414StatingTheLimit() throws Exception {
    for (String token : new String[] {reader, null}) {
      JsonNode p = problem(send("?pad=" + "x".repeat(4200), null, token), 414);
      assertEquals(414, p.path("status").asInt());
      assertTrue(p.path("type").asText().endsWith("/uri-too-long"), p.toString());
      String detail = p.path("detail").asText();
      assertTrue(detail.contains(String.valueOf(RequestHeadLimits.LINE_BYTES)), detail);
      assertTrue(!detail.contains("--max-json-bytes"), "not the body limits: " + detail);
    }
    // under the limit it is served
    assertEquals(200, send("?pad=" + "x".repeat(3500), null, reader).statusCode());
  }

  @Test
  void largeHeadersAre431StatingTheLimit() throws Exception {
    for (String token : new String[] {reader, null}) {
      JsonNode p = problem(send("", "y".repeat(20_000), token), 431);
      assertEquals(431, p.path("status").asInt());
      assertTrue(p.path("type").asText().endsWith("/header-fields-too-large"), p.toString());
      String detail = p.path("detail").asText();
      assertTrue(detail.contains(String.valueOf(RequestHeadLimits.HEADER_BYTES)), detail);
      assertTrue(!detail.contains("--max-json-bytes"), "not the body limits: " + detail);
    }
    assertEquals(200, send("", "y".repeat(6000), reader).statusCode());
  }
}
