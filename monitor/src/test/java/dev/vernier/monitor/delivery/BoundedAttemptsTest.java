package dev.vernier.monitor.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.platform.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every webhook attempt is bounded in total time, its answer's body included: a receiver that sends
 * headers and then no body, or nothing at all, fails the attempt after the timeout with a clear
 * error (retried per the policy) and its connection is closed; an endless body is not read to its
 * end. One stalled receiver costs one attempt a pass and does not hold back another webhook. The
 * receivers are raw sockets (no HTTP library answers so badly) and a real HTTP server; the store is
 * a real SQLite file.
 */
class BoundedAttemptsTest {
  /** The attempt timeout of these tests (10 s in production). */
  static final Duration TIMEOUT = Duration.ofMillis(500);

  /** What a pass may take here before the test fails instead of hanging. */
  static final Duration HANG = Duration.ofSeconds(60);

  @TempDir Path dir;
  MonitorFixture f;
  final ManualClock clock = new ManualClock(1_764_000_000_000L);
  Deliveries hooks;

  @BeforeEach
  void start() throws Exception {
    f = new MonitorFixture(dir);
    hooks = new Deliveries(f, clock);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  AlertPublisher publisher(int maxAttempts) {
    return new AlertPublisher(
        f.store,
        f.service::alertPayload,
        null,
        clock,
        Duration.ofSeconds(1),
        maxAttempts,
        TopicAllowList.all(),
        TIMEOUT);
  }

  int pass(AlertPublisher p) {
    return assertTimeoutPreemptively(HANG, p::deliverPending, "the delivery pass hung");
  }

  @Test
  void headersWithoutTheirBodyFailTheAttemptWithinItsTimeoutAndAreRetried() throws Exception {
    try (RawReceiver r = new RawReceiver(RawReceiver.Answer.HEADERS_THEN_NOTHING);
        AlertPublisher p = publisher(2)) {
      String url = hooks.register(r.url("/hook"));
      long alert = hooks.alert(List.of(url));
      String error =
          "no complete answer within 500 ms from "
              + url
              + " (HTTP 200 came, then not the whole body)";

      assertEquals(0, pass(p));
      assertEquals(new Deliveries.Row(DeliveryStatus.PENDING, 1, error), hooks.row(alert, url));
      assertTrue(r.awaitClosed(1, 10), "the abandoned connection is closed, not left open");

      clock.advance(999);
      assertEquals(0, pass(p));
      assertEquals(1, r.requests.size(), "not retried before the backoff");
      clock.advance(1);
      assertEquals(0, pass(p));
      assertEquals(2, r.requests.size(), "retried after the backoff");
      assertEquals(
          new Deliveries.Row(DeliveryStatus.FAILED, 2, error),
          hooks.row(alert, url),
          "out of attempts");
      assertTrue(r.awaitClosed(2, 10));
    }
  }

  @Test
  void aReceiverThatNeverAnswersFailsTheAttemptWithinItsTimeout() throws Exception {
    try (RawReceiver r = new RawReceiver(RawReceiver.Answer.SILENT);
        AlertPublisher p = publisher(3)) {
      String url = hooks.register(r.url("/hook"));
      long alert = hooks.alert(List.of(url));
      assertEquals(0, pass(p));
      assertEquals(
          new Deliveries.Row(
              DeliveryStatus.PENDING,
              1,
              "no complete answer within 500 ms from " + url + " (no status line came)"),
          hooks.row(alert, url));
      assertTrue(r.awaitClosed(1, 10), "the abandoned connection is closed, not left open");
    }
  }

  @Test
  void anEndlessAnswerBodyIsNotReadToItsEnd() throws Exception {
    try (RawReceiver r = new RawReceiver(RawReceiver.Answer.ENDLESS_BODY);
        AlertPublisher p = publisher(3)) {
      String url = hooks.register(r.url("/hook"));
      long alert = hooks.alert(List.of(url));
      assertEquals(1, pass(p), "a 2xx status and the body's first KiB deliver the alert");
      assertEquals(new Deliveries.Row(DeliveryStatus.DELIVERED, 1, null), hooks.row(alert, url));
      assertTrue(r.awaitClosed(1, 10), "the rest of the body is refused by closing");
    }
  }

  @Test
  void anErrorAnswersBodyIsCutToAShortExcerptInTheError() throws Exception {
    try (RawReceiver r = new RawReceiver(RawReceiver.Answer.HUGE_ERROR_BODY);
        AlertPublisher p = publisher(3)) {
      String url = hooks.register(r.url("/hook"));
      long alert = hooks.alert(List.of(url));
      assertEquals(0, pass(p));
      Deliveries.Row row = hooks.row(alert, url);
      assertEquals(DeliveryStatus.PENDING, row.status());
      String prefix = "IllegalStateException: HTTP 500 from " + url + ": ";
      assertTrue(row.error().startsWith(prefix + "stack frame at line 42 stack"), row.error());
      assertTrue(row.error().endsWith("..."), row.error());
      assertEquals(prefix.length() + 200, row.error().length(), "200 characters of the body");
      assertTrue(r.awaitClosed(1, 10), "the 4 MiB body is not read beyond its first KiB");
    }
  }

  @Test
  void aStalledReceiverCostsOneAttemptAPassAndDoesNotHoldBackAnotherWebhook() throws Exception {
    HttpServer healthy = Deliveries.server();
    try (RawReceiver r = new RawReceiver(RawReceiver.Answer.SILENT);
        AlertPublisher p = publisher(3)) {
      healthy.createContext(
          "/ok",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      String stalled = hooks.register(r.url("/stalled"));
      String ok = hooks.register("http://127.0.0.1:" + healthy.getAddress().getPort() + "/ok");
      long first = hooks.alert(List.of(stalled, ok));
      long second = hooks.alert(List.of(stalled, ok));

      assertEquals(2, pass(p), "both alerts reached the healthy webhook");
      assertEquals(DeliveryStatus.DELIVERED, hooks.row(first, ok).status());
      assertEquals(DeliveryStatus.DELIVERED, hooks.row(second, ok).status());
      assertEquals(1, r.requests.size(), "after a stalled attempt its webhook waits a pass");
      assertEquals(DeliveryStatus.PENDING, hooks.row(first, stalled).status());
      assertEquals(1, hooks.row(first, stalled).attempts());
      assertEquals(
          new Deliveries.Row(DeliveryStatus.PENDING, 0, null),
          hooks.row(second, stalled),
          "not tried");

      assertEquals(0, pass(p));
      assertEquals(2, r.requests.size(), "the next pass tries the next alert");
      assertEquals(1, hooks.row(second, stalled).attempts());
    } finally {
      Deliveries.stop(healthy);
    }
  }

  /**
   * Posts to two webhooks run in parallel: the first receiver (in alert and target order) answers
   * only once the second has received its post, so posting one after the other would leave the
   * first without an answer until its attempt timed out (10 s, the production timeout here).
   */
  @Test
  void postsToDifferentWebhooksRunInParallel() throws Exception {
    HttpServer server = Deliveries.server();
    CountDownLatch secondReceived = new CountDownLatch(1);
    server.createContext(
        "/a-waits",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          boolean seen;
          try {
            seen = secondReceived.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            seen = false;
          }
          exchange.sendResponseHeaders(seen ? 200 : 500, -1);
          exchange.close();
        });
    server.createContext(
        "/b-signals",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          secondReceived.countDown();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    String waits = hooks.register(base + "/a-waits");
    String signals = hooks.register(base + "/b-signals");
    long alert = hooks.alert(List.of(waits, signals));
    try (AlertPublisher p =
        new AlertPublisher(
            f.store, f.service::alertPayload, null, clock, Duration.ofSeconds(1), 3)) {
      assertEquals(2, pass(p));
      assertEquals(new Deliveries.Row(DeliveryStatus.DELIVERED, 1, null), hooks.row(alert, waits));
      assertEquals(
          new Deliveries.Row(DeliveryStatus.DELIVERED, 1, null), hooks.row(alert, signals));
    } finally {
      Deliveries.stop(server);
    }
  }
}
