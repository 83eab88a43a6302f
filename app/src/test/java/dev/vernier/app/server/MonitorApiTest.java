package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.security.Role;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor's REST API over a real server: roles, problems, HTTP ingestion, windows, alerts. */
class MonitorApiTest {
  @TempDir static Path dir;
  static VernierServer server;
  static String admin;
  static String submitter;
  static String reader;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 1000, 1);
    server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0),
            Clock.systemUTC(),
            new PrintStream(new java.io.ByteArrayOutputStream()));
    admin = server.firstAdminToken();
    long now = System.currentTimeMillis();
    submitter = server.tokens().create(Role.SUBMITTER, "test", now);
    reader = server.tokens().create(Role.READER, "test", now);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return TestHttp.json(server, method, path, token, body);
  }

  static String events(int from, int n, double shift) {
    SplittableRandom r = new SplittableRandom(from);
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < from + n; i++) {
      int y = r.nextInt(2);
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"model\":\"lin\",\"inferenceId\":\"i%d\",\"eventTime\":%d,\"features\":[",
              i,
              1_000 + i));
      for (int j = 0; j < 4; j++) {
        sb.append(j > 0 ? "," : "")
            .append(
                String.format(
                    Locale.ROOT, "%.4f", (y == 0 ? -1 : 1) + 1.5 * r.nextGaussian() + shift));
      }
      sb.append("],\"prediction\":").append(y).append("}\n");
    }
    return sb.toString();
  }

  @Test
  void monitorsOverHttpRaiseOneAlertForAPersistingDrift() throws Exception {
    String spec =
        "{\"name\":\"api-monitor\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"events\":200},\"alerts\":{\"k\":2,\"n\":3}}";
    // a reader may look but not create; a bad spec names its field
    assertEquals(403, call("POST", "/api/v1/monitors", reader, spec).statusCode());
    HttpResponse<String> bad =
        call("POST", "/api/v1/monitors", submitter, spec.replace("\"events\":200", "\"events\":0"));
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("$.window.events", JSON.readTree(bad.body()).path("field").asText(), bad.body());
    HttpResponse<String> outside =
        call("POST", "/api/v1/monitors", submitter, spec.replace("train.csv", "../outside.csv"));
    assertEquals(400, outside.statusCode(), outside.body());

    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    JsonNode baseline =
        JSON.readTree(call("GET", "/api/v1/monitors/" + id + "/baseline", reader, null).body());
    assertEquals(1000, baseline.path("provenance").path("rows").asInt(), baseline.toString());

    // healthy traffic plus two malformed records, then shifted traffic for three windows
    HttpResponse<String> r =
        call(
            "POST",
            "/api/v1/monitors/" + id + "/events",
            submitter,
            events(0, 400, 0) + "not json\n{\"model\":\"lin\"}\n");
    assertEquals(202, r.statusCode(), r.body());
    JsonNode ingest = JSON.readTree(r.body());
    assertEquals(400, ingest.path("accepted").asInt());
    assertEquals(2, ingest.path("rejected").size(), r.body());
    assertEquals("not_json", ingest.path("rejected").get(0).path("reason").asText());
    assertEquals(
        403,
        call("POST", "/api/v1/monitors/" + id + "/events", reader, events(0, 1, 0)).statusCode());
    for (int i = 0; i < 3; i++) {
      call("POST", "/api/v1/monitors/" + id + "/events", submitter, events(400 + 200 * i, 200, 3));
    }
    JsonNode windows =
        JSON.readTree(call("GET", "/api/v1/monitors/" + id + "/windows", reader, null).body());
    assertEquals(5, windows.path("windows").size(), windows.toString());
    JsonNode newest = windows.path("windows").get(0).path("result");
    assertTrue(newest.path("drift").path("drifted").asBoolean(), newest.toString());
    // a page that has the older windows asks for the newer ones, and for results without the
    // per-feature statistics
    long second = windows.path("windows").get(1).path("start").asLong();
    JsonNode from =
        JSON.readTree(
            call("GET", "/api/v1/monitors/" + id + "/windows?from=" + second, reader, null).body());
    assertEquals(2, from.path("windows").size(), from.toString());
    assertEquals(second, from.path("windows").get(1).path("start").asLong());
    JsonNode light =
        JSON.readTree(
            call(
                    "GET",
                    "/api/v1/monitors/" + id + "/windows?limit=5&statistics=false",
                    reader,
                    null)
                .body());
    assertEquals(5, light.path("windows").size());
    JsonNode lightDrift = light.path("windows").get(0).path("result").path("drift");
    assertTrue(lightDrift.path("statistics").isMissingNode(), lightDrift.toString());
    assertEquals(newest.path("drift").path("driftedShare"), lightDrift.path("driftedShare"));
    assertEquals(
        newest.path("drift").path("statistics").size(),
        windows.path("windows").get(0).path("result").path("drift").path("statistics").size());
    assertTrue(newest.path("drift").path("statistics").size() > 0, newest.toString());
    var maybe = call("GET", "/api/v1/monitors/" + id + "/windows?statistics=maybe", reader, null);
    assertEquals(400, maybe.statusCode(), maybe.body());
    assertEquals("statistics", JSON.readTree(maybe.body()).path("field").asText(), maybe.body());
    JsonNode alerts =
        JSON.readTree(call("GET", "/api/v1/monitors/" + id + "/alerts", reader, null).body());
    long drift = 0;
    for (JsonNode a : alerts.path("alerts")) {
      drift += a.path("kind").asText().equals("drift") ? 1 : 0;
      assertNotNull(a.path("evidence").path("evidence").get(0), a.toString());
    }
    assertEquals(1, drift, alerts.toString());
    JsonNode m = JSON.readTree(call("GET", "/api/v1/monitors/" + id, reader, null).body());
    assertEquals(1000, m.path("counters").path("events_accepted").asInt(), m.toString());
    assertEquals(
        2,
        m.path("counters").path("rejected_not_json").asInt()
            + m.path("counters").path("rejected_missing_field").asInt(),
        m.toString());
    String metrics = call("GET", "/metrics", reader, null).body();
    assertTrue(metrics.contains("vernier_monitor_windows_closed_total"), metrics);
    assertTrue(metrics.contains("vernier_monitor_dead_lettered_total"), metrics);
    assertEquals(404, call("GET", "/api/v1/monitors/mon-nope", reader, null).statusCode());
  }

  /**
   * The scrape after a monitor closes windows over HTTP ingestion: every metric has help text,
   * latencies are histograms, the JVM and the process are there, and the monitor's last window is
   * charted by its drifted share, model quality and open alerts.
   */
  @Test
  void metricsChartTheLastWindowOfEachMonitorWithHelpForEverySeries() throws Exception {
    String spec =
        "{\"name\":\"metrics-monitor\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"events\":200},\"alerts\":{\"k\":1,\"n\":1}}";
    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    String events = "/api/v1/monitors/" + id + "/events";
    assertEquals(202, call("POST", events, submitter, events(20_000, 200, 0)).statusCode());
    assertEquals(202, call("POST", events, submitter, events(20_200, 200, 3)).statusCode());

    String scrape = call("GET", "/metrics", reader, null).body();
    java.util.Set<String> typed = new java.util.TreeSet<>();
    java.util.Set<String> helped = new java.util.TreeSet<>();
    for (String line : scrape.split("\n")) {
      String[] p = line.split(" ", 4);
      if (line.startsWith("# TYPE ")) {
        typed.add(p[2]);
      } else if (line.startsWith("# HELP ") && p.length == 4 && !p[3].isBlank()) {
        helped.add(p[2]);
      }
    }
    java.util.Set<String> missing = new java.util.TreeSet<>(typed);
    missing.removeAll(helped);
    assertTrue(missing.isEmpty(), "metrics without help text: " + missing);
    assertTrue(
        scrape.contains("vernier_http_server_requests_seconds_bucket{"), "no latency histogram");
    assertTrue(scrape.contains("vernier_monitor_drift_evaluation_seconds_bucket{"), scrape);
    assertTrue(scrape.contains("\njvm_memory_used_bytes{"), "no JVM memory series");
    assertTrue(scrape.contains("\nprocess_cpu_usage "), "no process CPU series");
    assertTrue(scrape.contains("\njvm_gc_"), "no GC series");

    double share = sample(scrape, "vernier_monitor_drifted_share", id);
    assertTrue(share >= 0 && share <= 1, "drifted share " + share);
    assertTrue(share > 0, "the shifted window drifted: " + share);
    assertTrue(sample(scrape, "vernier_monitor_open_alerts", id) >= 1, scrape);
  }

  /** The value of the series {@code name} whose {@code monitor} label is {@code monitor}. */
  static double sample(String scrape, String name, String monitor) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + "{") && line.contains("monitor=\"" + monitor + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no " + name + " for monitor " + monitor);
  }

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

  /**
   * Issue 12: a monitor that reads Kafka on a server without Kafka said ACTIVE. Its creation is
   * refused (409 naming $.kafka); one stored earlier (by a server that had Kafka) shows
   * NOT_CONSUMING with the reason.
   */
  @Test
  void aMonitorReadingKafkaOnAServerWithoutKafkaIsRefusedOrShownNotConsuming() throws Exception {
    String spec =
        "{\"name\":\"kafka-here\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"kafka\":{\"eventsTopic\":\"inferences\"}}";
    HttpResponse<String> refused = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(409, refused.statusCode(), refused.body());
    JsonNode problem = JSON.readTree(refused.body());
    assertEquals("$.kafka", problem.path("field").asText(), refused.body());
    assertTrue(problem.path("detail").asText().contains("--embedded-kafka"), refused.body());
    assertTrue(
        !call("GET", "/api/v1/monitors", reader, null).body().contains("kafka-here"),
        "nothing was stored");

    String id =
        server
            .monitors()
            .service()
            .create(JSON.readTree(spec.replace("kafka-here", "kafka-before")))
            .id();
    JsonNode shown = JSON.readTree(call("GET", "/api/v1/monitors/" + id, reader, null).body());
    assertEquals("NOT_CONSUMING", shown.path("state").asText(), shown.toString());
    assertTrue(shown.path("stateReason").asText().contains("no Kafka"), shown.toString());
    JsonNode listed = JSON.readTree(call("GET", "/api/v1/monitors", reader, null).body());
    for (JsonNode m : listed.path("monitors")) {
      if (m.path("id").asText().equals(id)) {
        assertEquals("NOT_CONSUMING", m.path("state").asText());
      } else if (!m.path("spec").has("kafka")) {
        assertEquals("ACTIVE", m.path("state").asText(), m.toString());
      }
    }
  }

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

  /**
   * A monitor whose baseline file is gone does not break the list for everyone: it is shown as
   * stored, and once its model must be loaded again (as after a restart) it is DEGRADED with the
   * reason while the others work.
   */
  @Test
  void aMonitorWhoseBaselineFileIsGoneIsShownDegradedAndTheOthersWork() throws Exception {
    Path data = dir.resolve("datasets");
    Files.copy(data.resolve("train.csv"), data.resolve("sw_del.csv"));
    String spec =
        "{\"name\":\"gone-baseline\",\"model\":\"lin\",\"baseline\":{\"path\":\"sw_del.csv\"},"
            + "\"window\":{\"events\":1000}}";
    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    Files.delete(data.resolve("sw_del.csv"));
    server.monitors().service().forget(id); // as another replica, or this one after a restart

    HttpResponse<String> list = call("GET", "/api/v1/monitors", reader, null);
    assertEquals(200, list.statusCode(), list.body());
    assertTrue(JSON.readTree(list.body()).path("monitors").size() >= 2, list.body());
    assertEquals(200, call("GET", "/api/v1/monitors/" + id, reader, null).statusCode());

    JsonNode shown = null;
    for (int i = 0; i < 100; i++) {
      shown = JSON.readTree(call("GET", "/api/v1/monitors/" + id, reader, null).body());
      if (shown.path("state").asText().equals("DEGRADED")) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("DEGRADED", shown.path("state").asText(), shown.toString());
    assertEquals(
        "baseline sw_del.csv: no such file under the data roots",
        shown.path("stateReason").asText(),
        shown.toString());
    assertEquals(200, call("GET", "/api/v1/monitors", reader, null).statusCode());
  }

  @Test
  void onlyAdministratorsRegisterWebhooksAndMonitorsMayNameOnlyRegisteredOnes() throws Exception {
    String hook = "{\"url\":\"http://127.0.0.1:9/hook?token=s3cr3t\",\"allowPrivate\":true}";
    assertEquals(403, call("POST", "/api/v1/webhooks", submitter, hook).statusCode());
    assertEquals(403, call("GET", "/api/v1/webhooks", reader, null).statusCode());
    HttpResponse<String> badUrl =
        call("POST", "/api/v1/webhooks", admin, "{\"url\":\"file:///etc/passwd\"}");
    assertEquals(400, badUrl.statusCode(), badUrl.body());
    String spec =
        "{\"name\":\"hooked\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"webhooks\":[\"http://127.0.0.1:9/hook?token=s3cr3t\"]}";
    HttpResponse<String> refused = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(400, refused.statusCode(), refused.body());
    assertEquals("$.webhooks[0]", JSON.readTree(refused.body()).path("field").asText());

    // issue 13: a loopback URL needs allowPrivate; a secret is given or generated and shown once
    HttpResponse<String> loopback =
        call("POST", "/api/v1/webhooks", admin, hook.replace(",\"allowPrivate\":true", ""));
    assertEquals(400, loopback.statusCode(), loopback.body());
    assertEquals("$.url", JSON.readTree(loopback.body()).path("field").asText());
    assertTrue(loopback.body().contains("allowPrivate"), loopback.body());
    HttpResponse<String> shortSecret =
        call("POST", "/api/v1/webhooks", admin, hook.replace("}", ",\"secret\":\"short\"}"));
    assertEquals(400, shortSecret.statusCode(), shortSecret.body());
    assertEquals("$.secret", JSON.readTree(shortSecret.body()).path("field").asText());
    HttpResponse<String> registered = call("POST", "/api/v1/webhooks", admin, hook);
    assertEquals(201, registered.statusCode(), registered.body());
    JsonNode answer = JSON.readTree(registered.body());
    assertTrue(answer.path("secret").asText().length() >= 32, registered.body());
    String hookId = answer.path("id").asText();
    assertTrue(hookId.startsWith("wh-"), registered.body());
    String list = call("GET", "/api/v1/webhooks", admin, null).body();
    assertTrue(list.contains(hookId) && !list.contains(answer.path("secret").asText()), list);

    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    // issue 13: readers see the webhook by id and host; administrators see the URL
    for (String token : List.of(reader, submitter)) {
      String body = call("GET", "/api/v1/monitors/" + id, token, null).body();
      assertFalse(body.contains("s3cr3t"), body);
      JsonNode shown = JSON.readTree(body).path("spec").path("webhooks").path(0);
      assertEquals(hookId, shown.path("id").asText(), body);
      assertEquals("127.0.0.1", shown.path("host").asText(), body);
      assertFalse(call("GET", "/api/v1/monitors", token, null).body().contains("s3cr3t"));
    }
    assertFalse(created.body().contains("s3cr3t"), created.body());
    JsonNode asAdmin = JSON.readTree(call("GET", "/api/v1/monitors/" + id, admin, null).body());
    assertEquals(
        "http://127.0.0.1:9/hook?token=s3cr3t",
        asAdmin.path("spec").path("webhooks").path(0).asText());
  }

  @Test
  void theMonitorCommandsDriveAMonitorOverHttp() throws Exception {
    Path spec = dir.resolve("cli-monitor.json");
    Files.writeString(
        spec,
        "{\"name\":\"cli-monitor\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"events\":100}}");
    String url = server.url().toString();
    String[] r =
        ServerFixture.cli(
            "monitor", "create", spec.toString(), "--server", url, "--token", submitter);
    assertEquals("0", r[0], r[2]);
    String id = r[1].trim().replace("created ", "");
    call("POST", "/api/v1/monitors/" + id + "/events", submitter, events(5000, 300, 0));
    r = ServerFixture.cli("monitor", "windows", id, "--server", url, "--token", reader);
    assertEquals("0", r[0], r[2]);
    assertEquals(3, r[1].lines().count(), r[1]);
    assertTrue(r[1].contains("CLOSED"), r[1]);
    r = ServerFixture.cli("monitor", "status", id, "--server", url, "--token", reader);
    assertTrue(r[1].contains("events 300 accepted"), r[1]);
    r = ServerFixture.cli("monitor", "list", "--json", "--server", url, "--token", reader);
    assertTrue(JSON.readTree(r[1]).path("monitors").size() >= 1, r[1]);
    // bad input: exit 2 with the server's message naming the field
    Files.writeString(spec, "{\"name\":\"x\",\"model\":\"lin\",\"baseline\":{}}");
    r =
        ServerFixture.cli(
            "monitor", "create", spec.toString(), "--server", url, "--token", submitter);
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("$.baseline.path"), r[2]);
    r = ServerFixture.cli("monitor", "delete", id, "--server", url, "--token", submitter);
    assertEquals("0", r[0], r[2]);
    assertEquals(404, call("GET", "/api/v1/monitors/" + id, reader, null).statusCode());
  }
}
