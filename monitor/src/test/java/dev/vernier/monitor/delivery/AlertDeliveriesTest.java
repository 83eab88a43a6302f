package dev.vernier.monitor.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpServer;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.api.AlertsController;
import dev.vernier.monitor.storage.DeliveryRepository;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.NewAlert;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.monitor.storage.WindowRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every delivery of an alert is readable with its state, whatever it is: a real HTTP receiver that
 * fails the first post and accepts the second shows PENDING with the error and one attempt, then
 * DELIVERED with two and the delivery time; one that always fails ends FAILED with its last error.
 * Only an administrator's view holds the URL.
 */
class AlertDeliveriesTest {
  @TempDir Path dir;
  MonitorFixture f;
  HttpServer server;
  String base;
  final AtomicInteger flakyPosts = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    f = new MonitorFixture(dir);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          boolean ok = path.startsWith("/flaky") && flakyPosts.incrementAndGet() > 1;
          exchange.sendResponseHeaders(ok ? 200 : 503, -1);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    f.close();
  }

  @Test
  void failedThenDeliveredAndFailedForGoodAreShownWithTheirErrors() throws Exception {
    String flaky = base + "/flaky/T0KEN-IN-PATH";
    String down = base + "/down/S3CRET";
    Webhook a = f.store.addWebhook(new Webhook("wh-flaky", flaky, "secret-a-0123456", true, 1));
    f.store.addWebhook(new Webhook("wh-down", down, "secret-b-0123456", true, 2));
    long alert = alert(List.of(flaky, down));
    try (AlertPublisher p =
        new AlertPublisher(
            f.store, f.service::alertPayload, null, Clock.systemUTC(), Duration.ZERO, 2)) {
      p.deliverPending();
      Map<String, DeliveryRepository.DeliveryRecord> first = byTarget(alert);
      assertEquals(DeliveryStatus.PENDING, first.get(flaky).status(), "retried after the 503");
      assertEquals(1, first.get(flaky).attempts());
      assertTrue(first.get(flaky).lastError().contains("HTTP 503"), first.get(flaky).lastError());
      JsonNode shown =
          AlertsController.deliveries(f.store.deliveries(List.of(alert)), f.store.webhooks(), false)
              .get(1); // ordered by target: /down before /flaky
      assertEquals("wh-flaky", shown.get("webhookId").asText());
      assertEquals("127.0.0.1", shown.get("host").asText());
      assertFalse(shown.has("url"), "a non-administrator does not see the URL");
      assertFalse(shown.get("lastError").asText().contains("T0KEN"), shown.toString());
      assertTrue(shown.get("deliveredAt").isNull());

      p.deliverPending();
      Map<String, DeliveryRepository.DeliveryRecord> second = byTarget(alert);
      assertEquals(DeliveryStatus.DELIVERED, second.get(flaky).status());
      assertEquals(2, second.get(flaky).attempts());
      assertEquals(DeliveryStatus.FAILED, second.get(down).status(), "two attempts, both 503");
      assertEquals(2, second.get(down).attempts());
      assertTrue(second.get(down).lastError().contains("HTTP 503"));

      ArrayNode admin =
          AlertsController.deliveries(f.store.deliveries(List.of(alert)), f.store.webhooks(), true);
      JsonNode d = admin.get(0);
      assertEquals("FAILED", d.get("state").asText());
      assertEquals(down, d.get("url").asText());
      assertTrue(d.get("lastError").asText().contains(down), "an administrator sees it whole");
      JsonNode ok = admin.get(1);
      assertEquals("DELIVERED", ok.get("state").asText());
      assertEquals(a.id(), ok.get("webhookId").asText());
      assertTrue(ok.get("lastError").isNull());
      assertEquals(second.get(flaky).updatedAt(), ok.get("deliveredAt").asLong());
      assertEquals(2, flakyPosts.get());
      assertTrue(f.store.pendingDeliveries().isEmpty());
    }
  }

  private Map<String, DeliveryRepository.DeliveryRecord> byTarget(long alert) {
    Map<String, DeliveryRepository.DeliveryRecord> m = new java.util.HashMap<>();
    for (DeliveryRepository.DeliveryRecord d : f.store.deliveries(List.of(alert))) {
      m.put(d.target(), d);
    }
    assertEquals(2, m.size());
    return m;
  }

  /** A stored alert of a fresh monitor, to be delivered to {@code targets}. */
  private long alert(List<String> targets) {
    String id =
        f.service
            .create(
                MonitorFixture.json(
                    "{'name':'deliveries','model':'m','baseline':{'path':'train.csv'},"
                        + "'window':{'events':200}}"))
            .id();
    f.service.accept(
        id,
        new IngestBatch(
            List.of(),
            List.of(
                f.service
                    .parser(id)
                    .inference(
                        MonitorFixture.event("m", "e0", 0, MonitorFixture.row(new Random(1), 0), 0)
                            .getBytes(StandardCharsets.UTF_8))
                    .event()),
            List.of(),
            Map.of(),
            false,
            false));
    WindowRecord w = f.store.windows(id, 1).get(0);
    return f.store
        .closeWindow(
            id,
            w,
            1,
            0,
            "{}",
            null,
            new RaisedAlerts(
                List.of(new NewAlert("drift", "2 of 20 features drifted", "{}", false)),
                0,
                0,
                targets))
        .alertIds()
        .get(0);
  }
}
