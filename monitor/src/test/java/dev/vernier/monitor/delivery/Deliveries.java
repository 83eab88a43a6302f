package dev.vernier.monitor.delivery;

import com.sun.net.httpserver.HttpServer;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.storage.DeliveryRepository.DeliveryRecord;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.NewAlert;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.monitor.storage.WindowRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the delivery tests share: webhooks registered in a real store, alerts stored for them, the
 * delivery rows read back, and real HTTP servers whose handlers run on threads of their own.
 */
final class Deliveries {
  private final MonitorFixture f;
  private final Clock clock;

  Deliveries(MonitorFixture f, Clock clock) {
    this.f = f;
    this.clock = clock;
  }

  /** A real HTTP server on loopback whose handlers run on threads of their own. */
  static HttpServer server() throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService handlers = Executors.newCachedThreadPool();
    s.setExecutor(handlers);
    s.start();
    return s;
  }

  static void stop(HttpServer s) {
    s.stop(0);
    ((ExecutorService) s.getExecutor()).shutdownNow();
  }

  record Row(DeliveryStatus status, int attempts, String error) {}

  Row row(long alert, String target) {
    DeliveryRecord d =
        f.store.deliveries(List.of(alert)).stream()
            .filter(x -> x.target().equals(target))
            .findFirst()
            .orElseThrow();
    return new Row(d.status(), d.attempts(), d.lastError());
  }

  /** Registers {@code url} (loopback: with allowPrivate); returns it. */
  String register(String url) {
    f.store.addWebhook(
        new Webhook("wh-" + Integer.toHexString(url.hashCode()), url, "s".repeat(20), true, 0));
    return url;
  }

  /** A stored alert of a fresh monitor, to be delivered to {@code targets}. */
  long alert(List<String> targets) {
    String id =
        f.service
            .create(
                MonitorFixture.json(
                    "{'name':'m"
                        + System.nanoTime()
                        + "','model':'m','baseline':{'path':'train.csv'},"
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
                clock.millis(),
                0,
                targets))
        .alertIds()
        .get(0);
  }
}
