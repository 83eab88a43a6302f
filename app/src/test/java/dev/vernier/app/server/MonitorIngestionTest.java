package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * HTTP ingestion into a monitor: poison answered per record and never a 5xx, JSON arrays and NDJSON
 * under each of its content types, the limits on an array body, and event times far in the future
 * beside labels that come before their events.
 */
class MonitorIngestionTest extends MonitorFixture {
  /**
   * Every poison case over HTTP, 1,000 records in 20 posts with valid events between them: each bad
   * record is answered with its index and the reason it deserves, the valid ones count, and no
   * answer is a 5xx; whole bodies that are not records are 4xx.
   */
  @Test
  void poisonPostedOverHttpIsAnsweredPerRecordAndNeverA5xx() throws Exception {
    String spec =
        "{\"name\":\"http-fuzz\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"events\":100}}";
    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    String[][] poisons = {
      {"bad_feature", "\"features\":[1e400,"},
      {"bad_feature", "\"features\":[\"x\","},
      {"bad_feature", "\"features\":[\"NaN\","},
      {"bad_feature", "\"features\":[true,"},
      {"bad_feature", "\"features\":null,\"f\":["},
      {"bad_id", "\"inferenceId\":7,\"x\":"},
      {"bad_event_time", "\"eventTime\":-5,\"x\":"},
      {"bad_prediction", "\"prediction\":1e400,\"x\":"},
      {"wrong_model", "\"model\":\"other\",\"x\":"},
      {"not_json", "\"inferenceId\":\"dup\",\"inferenceId\":"},
      {"not_json", null},
      {"wrong_feature_count", "\"features\":[" + "0.5,".repeat(3_000)},
    };
    SplittableRandom r = new SplittableRandom(9);
    int accepted = 0;
    for (int post = 0; post < 20; post++) {
      String[] lines = events(10_000 + post * 50, 50, 0).split("\n");
      java.util.Map<Integer, String> expected = new java.util.TreeMap<>();
      StringBuilder body = new StringBuilder();
      for (int k = 0; k < lines.length; k++) {
        String line = lines[k];
        if (k % 2 == 1) {
          String[] p = poisons[r.nextInt(poisons.length)];
          expected.put(k, p[0]);
          if (p[1] == null) {
            line = line.substring(0, line.length() / 2); // truncated
          } else {
            String field = p[1].substring(0, p[1].indexOf(':') + 1);
            line =
                line.replaceFirst(
                    java.util.regex.Pattern.quote(field),
                    java.util.regex.Matcher.quoteReplacement(p[1]));
          }
        }
        body.append(line).append('\n');
      }
      HttpResponse<String> res =
          call("POST", "/api/v1/monitors/" + id + "/events", submitter, body.toString());
      assertEquals(202, res.statusCode(), res.body());
      JsonNode o = JSON.readTree(res.body());
      java.util.Map<Integer, String> got = new java.util.TreeMap<>();
      for (JsonNode rej : o.path("rejected")) {
        got.put(rej.path("index").asInt(), rej.path("reason").asText());
        assertTrue(!rej.path("detail").asText().isEmpty(), rej.toString());
      }
      assertEquals(expected, got, "post " + post);
      assertEquals(lines.length - expected.size(), o.path("accepted").asInt(), res.body());
      accepted += o.path("accepted").asInt();
    }
    JsonNode m = JSON.readTree(call("GET", "/api/v1/monitors/" + id, reader, null).body());
    assertEquals(accepted, m.path("counters").path("events_accepted").asInt(), m.toString());
    assertEquals(5, m.path("counters").path("windows_closed").asInt(), m.toString());
    assertEquals("ACTIVE", m.path("state").asText());
    for (String body :
        List.of("[1,2", "[", "\u0000\u00ff\u0001", "{\"deep\":" + "[".repeat(5000), "[null]", "")) {
      HttpResponse<String> res =
          call("POST", "/api/v1/monitors/" + id + "/events", submitter, body);
      assertTrue(res.statusCode() < 500, body + " -> " + res.statusCode() + " " + res.body());
    }
  }

  /**
   * Ingestion takes a JSON array and one record a line under the types NDJSON goes by
   * (application/x-ndjson, application/jsonl, text/plain), all counted alike; any other type is
   * 415.
   */
  @Test
  void ingestionTakesJsonArraysAndNewlineDelimitedJsonUnderEachOfItsTypes() throws Exception {
    String spec =
        "{\"name\":\"content-types\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"events\":1000}}";
    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    String events = "/api/v1/monitors/" + id + "/events";
    String array = "[" + String.join(",", events(0, 10, 0).strip().split("\n")) + "]";
    assertEquals(10, accepted(typed(events, "application/json", array)));
    int from = 10;
    for (String type :
        List.of(
            "application/x-ndjson",
            "application/jsonl",
            "text/plain",
            "application/x-ndjson; charset=utf-8")) {
      assertEquals(10, accepted(typed(events, type, events(from, 10, 0))), type);
      from += 10;
    }
    JsonNode m = JSON.readTree(call("GET", "/api/v1/monitors/" + id, reader, null).body());
    assertEquals(50, m.path("counters").path("events_accepted").asInt(), m.toString());

    // labels take the same types; each record is answered (joined, late, unmatched or waiting for
    // its event)
    String labels = "/api/v1/monitors/" + id + "/labels";
    for (String type : List.of("application/x-ndjson", "application/jsonl", "text/plain")) {
      HttpResponse<String> r =
          typed(
              labels,
              type,
              "{\"inferenceId\":\"i1\",\"label\":1}\n{\"inferenceId\":\"i2\",\"label\":0}\n");
      assertEquals(202, r.statusCode(), type + ": " + r.body());
      JsonNode b = JSON.readTree(r.body());
      assertEquals(0, b.path("rejected").size(), type + ": " + r.body());
      assertEquals(
          2,
          b.path("accepted").asInt()
              + b.path("late").asInt()
              + b.path("unmatched").asInt()
              + b.path("waiting").asInt(),
          type + ": " + r.body());
    }

    for (String path : List.of(events, labels)) {
      HttpResponse<String> r = typed(path, "application/xml", "<event/>");
      assertEquals(415, r.statusCode(), path + ": " + r.body());
      assertTrue(
          r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
          r.headers().toString());
      JsonNode p = JSON.readTree(r.body());
      assertEquals("https://vernier.dev/problems/unsupported-media-type", p.path("type").asText());
      assertEquals("Content-Type", p.path("field").asText(), r.body());
      assertTrue(p.path("detail").asText().contains("application/x-ndjson"), r.body());
    }
    m = JSON.readTree(call("GET", "/api/v1/monitors/" + id, reader, null).body());
    assertEquals(50, m.path("counters").path("events_accepted").asInt(), m.toString());
  }

  private static HttpResponse<String> typed(String path, String type, String body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", type)
            .header("Authorization", "Bearer " + submitter)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static int accepted(HttpResponse<String> r) throws Exception {
    assertEquals(202, r.statusCode(), r.body());
    JsonNode b = JSON.readTree(r.body());
    assertEquals(0, b.path("rejected").size(), r.body());
    return b.path("accepted").asInt();
  }

  /**
   * A JSON array body is read as a stream: one of 200,001 empty arrays is refused with a 400 naming
   * the limit (not built into a tree first); its records are held to the NDJSON rules (a field
   * given twice, content after the array); a body that is not UTF-8 is refused naming the byte.
   */
  @Test
  void jsonArrayBodiesAreStreamedAndHeldToTheRulesOfEveryRecord() throws Exception {
    String spec =
        "{\"name\":\"array-bodies\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"events\":1000}}";
    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    String events = "/api/v1/monitors/" + id + "/events";

    HttpResponse<String> many =
        call("POST", events, submitter, "[" + "[],".repeat(200_000) + "[]]");
    assertEquals(400, many.statusCode(), many.body());
    JsonNode p = JSON.readTree(many.body());
    assertEquals("body", p.path("field").asText(), many.body());
    assertTrue(p.path("detail").asText().contains("at most 100000 records"), many.body());
    // refused as the records are counted: the broken rest is never read
    HttpResponse<String> early =
        call("POST", events, submitter, "[" + "[],".repeat(100_001) + "{\"broken");
    assertEquals(400, early.statusCode(), early.body());
    assertTrue(early.body().contains("at most 100000 records"), early.body());

    String[] lines = events(0, 2, 0).strip().split("\n");
    String twice =
        lines[0].replaceFirst("\"features\":\\[", "\"features\":[0,0,0,0],\"features\":[");
    HttpResponse<String> r = call("POST", events, submitter, "[" + twice + "," + lines[1] + "]");
    assertEquals(202, r.statusCode(), r.body());
    JsonNode b = JSON.readTree(r.body());
    assertEquals(1, b.path("accepted").asInt(), r.body());
    assertEquals("not_json", b.path("rejected").path(0).path("reason").asText(), r.body());
    assertEquals(
        "field features is given more than once",
        b.path("rejected").path(0).path("detail").asText());
    HttpResponse<String> trailing = call("POST", events, submitter, "[" + lines[1] + "] garbage {");
    assertEquals(400, trailing.statusCode(), trailing.body());

    byte[] bad = (lines[0] + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int at = lines[0].indexOf("\"i0\"") + 2;
    bad[at] = (byte) 0xff;
    HttpResponse<String> notUtf8 =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + events))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer " + submitter)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bad))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, notUtf8.statusCode(), notUtf8.body());
    assertTrue(notUtf8.body().contains("byte 0xff at offset " + at), notUtf8.body());
    JsonNode m = JSON.readTree(call("GET", "/api/v1/monitors/" + id, reader, null).body());
    assertEquals(1, m.path("counters").path("events_accepted").asInt(), m.toString());
  }

  /**
   * An event time far ahead of the server's clock (year 9999) is refused with its reason, and the
   * time windows of current traffic still close with all their events; a label posted before its
   * event waits for it and joins it.
   */
  @Test
  void aFarFutureEventIsRefusedAndALabelBeforeItsEventWaitsForIt() throws Exception {
    String spec =
        "{\"name\":\"future-and-early\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"size\":\"PT1S\",\"maxFutureSkew\":\"PT1H\"}}";
    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    String path = "/api/v1/monitors/" + id;
    HttpResponse<String> early =
        call("POST", path + "/labels", submitter, "{\"inferenceId\":\"i3\",\"label\":1}\n");
    assertEquals(202, early.statusCode(), early.body());
    assertEquals(1, JSON.readTree(early.body()).path("waiting").asInt(), early.body());
    String future =
        events(0, 1, 0).replaceFirst("\"eventTime\":\\d+", "\"eventTime\":253402300799999");
    HttpResponse<String> r = call("POST", path + "/events", submitter, events(0, 200, 0) + future);
    assertEquals(202, r.statusCode(), r.body());
    JsonNode answer = JSON.readTree(r.body());
    assertEquals(200, answer.path("accepted").asInt(), r.body());
    assertEquals(1, answer.path("rejected").size(), r.body());
    assertEquals("future_event_time", answer.path("rejected").get(0).path("reason").asText());
    assertEquals(200, answer.path("rejected").get(0).path("index").asInt());
    assertTrue(
        answer.path("rejected").get(0).path("detail").asText().contains("9999-12-31"), r.body());
    // events 0..199 at 1,000..1,199 ms and 200..1199 at 1,200..2,199: the first window closes whole
    assertEquals(202, call("POST", path + "/events", submitter, events(200, 1000, 0)).statusCode());
    JsonNode windows = JSON.readTree(call("GET", path + "/windows", reader, null).body());
    JsonNode first = windows.path("windows").get(windows.path("windows").size() - 1);
    assertEquals(1000, first.path("start").asLong(), windows.toString());
    assertEquals("CLOSED", first.path("state").asText(), windows.toString());
    assertEquals(1000, first.path("events").asLong(), windows.toString());
    JsonNode m = JSON.readTree(call("GET", path, reader, null).body());
    assertEquals(1, m.path("counters").path("rejected_future_event_time").asInt(), m.toString());
    assertEquals(1, m.path("counters").path("labels_joined").asInt(), m.toString());
    assertEquals(1, m.path("counters").path("labels_waited").asInt(), m.toString());
  }
}
