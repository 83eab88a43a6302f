package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The monitor's REST API over a real server: creating monitors (roles, problems naming the spec's
 * field), their windows, alerts and metrics, the webhooks they may name, and the CLI's monitor
 * commands.
 */
class MonitorApiTest extends MonitorFixture {
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
