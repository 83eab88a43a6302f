package dev.vernier.monitor.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.monitor.storage.NewAlert;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.monitor.storage.WindowRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: webhook posts are signed (Stripe's scheme) and are not sent to private addresses, nor
 * through redirects, nor to topics the administrator does not allow. The receiver is a real HTTP
 * server that checks the signature the way the README tells receivers to, with its own HMAC code.
 */
class WebhookSigningTest {
  static final String SECRET = "whsec-for-the-test-0123";

  /** What the receiver got. */
  record Received(String path, Headers headers, byte[] body) {}

  @TempDir Path dir;
  MonitorFixture f;
  HttpServer server;
  String base;
  final List<Received> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    f = new MonitorFixture(dir);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders(),
                  exchange.getRequestBody().readAllBytes()));
          if (exchange.getRequestURI().getPath().equals("/moved")) {
            exchange.getResponseHeaders().add("Location", base + "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
          } else {
            exchange.sendResponseHeaders(200, -1);
          }
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

  /** A stored alert of a fresh monitor, to be delivered to {@code target}. */
  long alert(String target) {
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
        new dev.vernier.monitor.storage.IngestBatch(
            List.of(),
            List.of(
                f.service
                    .parser(id)
                    .inference(
                        MonitorFixture.event(
                                "m", "e0", 0, MonitorFixture.row(new java.util.Random(1), 0), 0)
                            .getBytes(StandardCharsets.UTF_8))
                    .event()),
            List.of(),
            java.util.Map.of(),
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
                List.of(target)))
        .alertIds()
        .get(0);
  }

  AlertPublisher publisher(TopicAllowList topics) {
    return new AlertPublisher(
        f.store, f.service::alertPayload, null, Clock.systemUTC(), Duration.ZERO, 3, topics);
  }

  /** The receiver's check, written as the README's Python is: HMAC-SHA256 of "t.body", hex. */
  static boolean receiverAccepts(String secret, String header, byte[] body, long now)
      throws Exception {
    String t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv[0].equals("t")) {
        t = kv[1];
      } else if (kv[0].equals("v1")) {
        v1 = kv[1];
      }
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
    String expected = HexFormat.of().formatHex(mac.doFinal(body));
    return java.security.MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), v1.getBytes(StandardCharsets.UTF_8))
        && Math.abs(now - Long.parseLong(t)) <= 300;
  }

  String delivery(long alertId, String target) throws Exception {
    try (Connection c = f.ds.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status || ' ' || attempts || ' ' || COALESCE(last_error, '')"
                    + " FROM alert_delivery WHERE alert_id = ? AND target = ?")) {
      s.setLong(1, alertId);
      s.setString(2, target);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next());
        return r.getString(1);
      }
    }
  }

  @Test
  void aPostIsSignedWithTheSecretOverTheRawBodyAndACurrentTimestamp() throws Exception {
    String url = base + "/hook?token=abc";
    f.store.addWebhook(new Webhook("wh-sig", url, SECRET, true, 0));
    long alertId = alert(url);
    long before = System.currentTimeMillis() / 1000;
    assertEquals(1, publisher(TopicAllowList.all()).deliverPending());
    long after = System.currentTimeMillis() / 1000;

    assertEquals(1, received.size());
    Received r = received.get(0);
    String header = r.headers().getFirst("Vernier-Signature");
    assertNotNull(header, "the post is signed");
    assertTrue(header.matches("t=\\d+,v1=[0-9a-f]{64}"), header);
    long t = Long.parseLong(header.substring(2, header.indexOf(',')));
    assertTrue(t >= before && t <= after, "the timestamp is the time of sending: " + t);
    assertTrue(receiverAccepts(SECRET, header, r.body(), after), "the receiver verifies it");
    assertTrue(WebhookSignature.verify(SECRET, header, r.body(), after));

    byte[] tampered =
        new String(r.body(), StandardCharsets.UTF_8)
            .replace("drift", "drifT")
            .getBytes(StandardCharsets.UTF_8);
    assertFalse(receiverAccepts(SECRET, header, tampered, after), "a tampered body fails");
    assertFalse(WebhookSignature.verify(SECRET, header, tampered, after));
    assertFalse(
        receiverAccepts("another-secret-0123456", header, r.body(), after), "another secret fails");
    assertFalse(WebhookSignature.verify("another-secret-0123456", header, r.body(), after));
    assertFalse(
        WebhookSignature.verify(SECRET, header, r.body(), t + 301), "older than 5 minutes fails");
    assertEquals("wh-sig", r.headers().getFirst("Vernier-Webhook-Id"));
    assertEquals(alertId + ".wh-sig", r.headers().getFirst("Vernier-Delivery-Id"));
    assertEquals(Long.toString(alertId), r.headers().getFirst("X-Vernier-Alert"));
  }

  @Test
  void aWebhookRegisteredBeforeSigningIsPostedUnsigned() throws Exception {
    String url = base + "/legacy";
    f.store.addWebhook(new Webhook("wh-old", url, null, true, 0));
    alert(url);
    assertEquals(1, publisher(TopicAllowList.all()).deliverPending());
    assertNull(received.get(0).headers().getFirst("Vernier-Signature"));
  }

  @Test
  void aWebhookResolvingToAPrivateAddressWithoutAllowPrivateIsNotPostedTo() throws Exception {
    // registered while "localhost" was (say) public: the address is checked again at delivery
    String url = "http://localhost:" + server.getAddress().getPort() + "/private";
    f.store.addWebhook(new Webhook("wh-priv", url, SECRET, false, 0));
    long alertId = alert(url);
    assertEquals(0, publisher(TopicAllowList.all()).deliverPending());
    assertTrue(received.isEmpty(), "nothing reached the loopback server");
    String d = delivery(alertId, url);
    assertTrue(d.startsWith("PENDING 1 "), d);
    assertTrue(d.contains("private address") && d.contains("allowPrivate"), d);
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    String url = base + "/moved";
    f.store.addWebhook(new Webhook("wh-moved", url, SECRET, true, 0));
    long alertId = alert(url);
    assertEquals(0, publisher(TopicAllowList.all()).deliverPending());
    assertEquals(List.of("/moved"), received.stream().map(Received::path).toList());
    assertTrue(delivery(alertId, url).contains("HTTP 302"), delivery(alertId, url));
  }

  @Test
  void anAlertsTopicTheAdministratorDoesNotAllowIsNotPublished() throws Exception {
    long alertId = alert(AlertPublisher.KAFKA_PREFIX + "payments");
    assertEquals(0, publisher(TopicAllowList.of(List.of("vernier\\..*"))).deliverPending());
    String d = delivery(alertId, AlertPublisher.KAFKA_PREFIX + "payments");
    assertEquals("FAILED 1 topic not allowed: serve --kafka-topics vernier\\..*", d);
  }
}
