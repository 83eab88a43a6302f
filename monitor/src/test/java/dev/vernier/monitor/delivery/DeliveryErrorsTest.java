package dev.vernier.monitor.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.platform.time.ManualClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed delivery says what went wrong in words an administrator can act on, and whether it will
 * be retried: a refused connection names the host and port (retried), a redirect is never followed
 * and fails at once, naming where it pointed (a retry would be redirected again). Real sockets and
 * a real HTTP server; a real SQLite store.
 */
class DeliveryErrorsTest {
  @TempDir Path dir;
  MonitorFixture f;
  HttpServer server;
  String base;
  final ManualClock clock = new ManualClock(1_764_000_000_000L);

  Deliveries hooks;

  @BeforeEach
  void start() throws Exception {
    f = new MonitorFixture(dir);
    hooks = new Deliveries(f, clock);
    server = Deliveries.server();
    server.createContext(
        "/moved-away",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Location", "https://elsewhere.example.com/hook?t=1");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/moved-here",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Location", "/new-hook");
          exchange.sendResponseHeaders(308, -1);
          exchange.close();
        });
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    Deliveries.stop(server);
    f.close();
  }

  AlertPublisher publisher() {
    return new AlertPublisher(
        f.store, f.service::alertPayload, null, clock, Duration.ofSeconds(1), 8);
  }

  @Test
  void aRefusedConnectionNamesTheHostAndPortAndIsRetried() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    String url = hooks.register("http://127.0.0.1:" + port + "/hook");
    long alert = hooks.alert(List.of(url));
    try (AlertPublisher p = publisher()) {
      assertEquals(0, p.deliverPending());
    }
    assertEquals(
        new Deliveries.Row(
            DeliveryStatus.PENDING,
            1,
            "cannot connect to 127.0.0.1:" + port + " (connection refused)"),
        hooks.row(alert, url));
  }

  @Test
  void aRedirectFailsAtOnceNamingTheHostItPointsTo() throws Exception {
    String away = hooks.register(base + "/moved-away");
    String here = hooks.register(base + "/moved-here");
    long alert = hooks.alert(List.of(away, here));
    try (AlertPublisher p = publisher()) {
      assertEquals(0, p.deliverPending());
      assertEquals(
          new Deliveries.Row(
              DeliveryStatus.FAILED,
              1,
              "redirects are not followed: HTTP 302 to elsewhere.example.com from "
                  + away
                  + "; register the address it points to"),
          hooks.row(alert, away),
          "failed for good after one attempt, not retried 8 times");
      assertEquals(
          new Deliveries.Row(
              DeliveryStatus.FAILED,
              1,
              "redirects are not followed: HTTP 308 to 127.0.0.1 from "
                  + here
                  + "; register the address it points to"),
          hooks.row(alert, here),
          "a relative Location points to the webhook's own host");
      clock.advance(Duration.ofHours(1));
      assertEquals(0, p.deliverPending());
      assertEquals(1, hooks.row(alert, away).attempts(), "not tried again");
    }
  }
}
