package dev.vernier.monitor.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.NewAlert;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.platform.time.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook deliveries to a real HTTP server, recorded in a real SQLite store. */
class AlertPublisherTest {
  /** A request the webhook received: headers of interest, the raw body and its JSON. */
  record Call(String alertHeader, JsonNode body, String signature, String webhookId, byte[] raw) {}

  /** The secret the test's webhook is registered with. */
  static final String SECRET = "test-secret-0123456789";

  @TempDir Path dir;
  MonitorFixture f;
  HttpServer server;
  String url;
  final List<Call> calls = new CopyOnWriteArrayList<>();

  /** The statuses the webhook answers with, in turn; 200 once they run out. */
  final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

  final ManualClock clock = new ManualClock(1_764_000_000_000L);

  @BeforeEach
  void start() throws IOException {
    f = new MonitorFixture(dir);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          calls.add(
              new Call(
                  exchange.getRequestHeaders().getFirst("X-Vernier-Alert"),
                  Json.MAPPER.readTree(body),
                  exchange.getRequestHeaders().getFirst("Vernier-Signature"),
                  exchange.getRequestHeaders().getFirst("Vernier-Webhook-Id"),
                  body));
          Integer status = statuses.poll();
          exchange.sendResponseHeaders(status == null ? 200 : status, -1);
          exchange.close();
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @AfterEach
  void stop() {
    server.stop(0);
    f.close();
  }

  AlertPublisher publisher(Duration baseBackoff, int maxAttempts) {
    return new AlertPublisher(
        f.store, f.service::alertPayload, null, clock, baseBackoff, maxAttempts);
  }

  /**
   * A monitor of count windows of 200 events, alerting on the first violation, to the webhook
   * (registered on loopback, so with allowPrivate).
   */
  String monitor() {
    f.store.addWebhook(new Webhook("wh-1", url, SECRET, true, 0));
    return f.service
        .create(
            MonitorFixture.json(
                "{'name':'hooked','model':'m','baseline':{'path':'train.csv'},"
                    + "'window':{'events':200},'alerts':{'k':1,'n':1},'webhooks':['"
                    + url
                    + "']}"))
        .id();
  }

  /** Sends {@code count} events whose features are shifted by {@code shift}. */
  void send(String id, int count, double shift) {
    EventParser parser = f.service.parser(id);
    Random r = new Random(5);
    List<InferenceEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String json = MonitorFixture.event("m", "e" + i, i, MonitorFixture.row(r, shift), 0);
      events.add(parser.inference(json.getBytes(StandardCharsets.UTF_8)).event());
    }
    f.service.accept(id, new IngestBatch(List.of(), events, List.of(), Map.of(), false, false));
  }

  /** One drift alert, stored with the open window of a fresh monitor, to be sent to the webhook. */
  long alert() {
    String id = monitor();
    send(id, 5, 0);
    WindowRecord w = f.store.windows(id, 1).get(0);
    List<Long> ids =
        f.store
            .closeWindow(
                id,
                w,
                5,
                0,
                "{}",
                null,
                new RaisedAlerts(
                    List.of(
                        new NewAlert(
                            "drift", "3 of 20 features drifted", "{\"features\":[]}", false)),
                    clock.millis(),
                    0,
                    List.of(url)))
            .alertIds();
    return ids.get(0);
  }

  /** The delivery row: status, attempts, last error, updated at. */
  List<Object> delivery(long alertId) throws SQLException {
    try (Connection c = f.ds.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status, attempts, last_error, updated_at FROM alert_delivery"
                    + " WHERE alert_id = ? AND target = ?")) {
      s.setLong(1, alertId);
      s.setString(2, url);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next(), "no delivery of alert " + alertId + " to " + url);
        return Arrays.asList(r.getString(1), r.getInt(2), r.getString(3), r.getLong(4));
      }
    }
  }

  @Test
  void aDriftAlertOfAClosedWindowIsPostedWithItsIdKindAndEvidence() throws Exception {
    String id = monitor();
    send(id, 200, 2.0);
    f.service.closeReady(id);
    List<AlertRecord> alerts = f.store.alerts(id, 10);
    AlertRecord drift = alerts.stream().filter(a -> a.kind().equals("drift")).findFirst().get();

    assertEquals(alerts.size(), publisher(Duration.ofSeconds(1), 3).deliverPending());
    assertEquals(alerts.size(), calls.size(), "one POST per alert");
    Call call =
        calls.stream()
            .filter(c -> c.body().path("kind").asText().equals("drift"))
            .findFirst()
            .get();
    assertEquals(drift.id(), call.body().get("alertId").asLong());
    assertEquals(Long.toString(drift.id()), call.alertHeader());
    assertEquals(id, call.body().get("monitorId").asText());
    assertEquals(drift.summary(), call.body().get("summary").asText());
    JsonNode evidence = call.body().get("evidence");
    assertTrue(evidence.isObject(), call.body().toString());
    assertEquals(Json.MAPPER.readTree(drift.evidenceJson()), evidence);
    assertEquals(Arrays.asList("DELIVERED", 1, null, clock.millis()), delivery(drift.id()));

    assertEquals(0, publisher(Duration.ofSeconds(1), 3).deliverPending());
    assertEquals(alerts.size(), calls.size(), "a delivered alert is not sent again");
  }

  @Test
  void retriesAfterTheBackoffAndRecordsTheAttempts() throws SQLException {
    long alertId = alert();
    statuses.addAll(List.of(500, 500));
    AlertPublisher p = publisher(Duration.ofSeconds(1), 5);
    String error = "IllegalStateException: HTTP 500 from " + url;

    assertEquals(0, p.deliverPending());
    assertEquals(1, calls.size());
    assertEquals(Arrays.asList("PENDING", 1, error, clock.millis()), delivery(alertId));
    assertEquals(0, p.deliverPending(), "within the backoff");
    clock.advance(999);
    assertEquals(0, p.deliverPending());
    assertEquals(1, calls.size(), "the server is not called before 1 s");

    clock.advance(1);
    assertEquals(0, p.deliverPending());
    assertEquals(2, calls.size());
    assertEquals(Arrays.asList("PENDING", 2, error, clock.millis()), delivery(alertId));
    clock.advance(1999);
    assertEquals(0, p.deliverPending());
    assertEquals(2, calls.size(), "the second backoff doubles: 2 s");

    clock.advance(1);
    assertEquals(1, p.deliverPending());
    assertEquals(3, calls.size());
    assertEquals(Arrays.asList("DELIVERED", 3, null, clock.millis()), delivery(alertId));
    assertEquals(alertId, calls.get(2).body().get("alertId").asLong());
    assertEquals("drift", calls.get(2).body().get("kind").asText());
    assertEquals("3 of 20 features drifted", calls.get(2).body().get("summary").asText());
    assertTrue(calls.get(2).body().get("evidence").get("features").isArray());

    clock.advance(3_600_000);
    assertEquals(0, p.deliverPending());
    assertEquals(3, calls.size());
  }

  @Test
  void failsForGoodAfterMaxAttemptsWithTheLastError() throws SQLException {
    long alertId = alert();
    statuses.addAll(List.of(500, 503, 503));
    AlertPublisher p = publisher(Duration.ofMillis(10), 2);
    assertEquals(0, p.deliverPending());
    clock.advance(10);
    assertEquals(0, p.deliverPending());
    assertEquals(2, calls.size());
    assertEquals(
        Arrays.asList("FAILED", 2, "IllegalStateException: HTTP 503 from " + url, clock.millis()),
        delivery(alertId));
    assertTrue(f.store.pendingDeliveries().isEmpty());

    clock.advance(3_600_000);
    assertEquals(0, p.deliverPending());
    assertEquals(2, calls.size(), "a failed delivery is not tried again");
  }

  @Test
  void aWebhookRemovedAfterTheAlertIsNeverCalled() throws SQLException {
    long alertId = alert();
    assertTrue(f.store.removeWebhook(url));
    assertEquals(0, publisher(Duration.ofSeconds(1), 3).deliverPending());
    assertEquals(
        Arrays.asList("FAILED", 1, "webhook not registered", clock.millis()), delivery(alertId));
    assertTrue(calls.isEmpty());
    assertTrue(f.store.pendingDeliveries().isEmpty());
  }

  @Test
  void aMonitorCannotNameAnUnregisteredWebhook() {
    f.store.addWebhook(new Webhook("wh-1", "https://registered.example.com/a", SECRET, false, 0));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                f.service.create(
                    MonitorFixture.json(
                        "{'name':'hooked','model':'m','baseline':{'path':'train.csv'},"
                            + "'webhooks':['"
                            + url
                            + "']}")));
    assertEquals("$.webhooks[0]", e.field());
    assertEquals(url, e.value());
    assertTrue(e.rule().startsWith("must be registered by an administrator"), e.getMessage());

    InvalidInputException second =
        assertThrows(
            InvalidInputException.class,
            () ->
                f.service.create(
                    MonitorFixture.json(
                        "{'name':'hooked','model':'m','baseline':{'path':'train.csv'},"
                            + "'webhooks':['https://registered.example.com/a','"
                            + url
                            + "']}")));
    assertEquals("$.webhooks[1]", second.field());
    assertTrue(f.service.monitors().isEmpty(), "nothing was stored");
    assertFalse(f.store.webhooks().stream().anyMatch(w -> w.url().equals(url)));
  }
}
