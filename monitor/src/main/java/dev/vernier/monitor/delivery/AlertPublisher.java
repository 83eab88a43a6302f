package dev.vernier.monitor.delivery;

import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.monitor.storage.DeliveryRepository;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.monitor.storage.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Delivers stored alerts to their targets: a Kafka topic ({@code kafka:TOPIC}) or a webhook URL
 * (HTTP POST of the alert's JSON). Every attempt is recorded; a failed one is retried with
 * exponential backoff ({@code baseBackoff} x 2^attempts) up to {@code maxAttempts}, then marked
 * FAILED. A webhook that is no longer registered is not called (FAILED, "not registered"), nor is a
 * topic the administrator no longer allows (FAILED).
 *
 * <p>Webhook posts: signed ({@link WebhookSignature#HEADER}) with the webhook's secret, and
 * carrying {@code Vernier-Webhook-Id}, {@code Vernier-Delivery-Id} (the same on every retry of one
 * alert to one webhook) and {@code X-Vernier-Alert} (the alert id). Before every post the host is
 * resolved again: one that resolves to a private address is not posted to unless the webhook was
 * registered with {@code allowPrivate} ({@link WebhookAddresses}); redirects are never followed. A
 * webhook registered before posts were signed (no secret) is posted to unsigned, with a warning in
 * the log. Deliveries are at least once: a crash after sending and before recording repeats the
 * send; the payload carries the alert id for receivers to drop repeats.
 *
 * <p>Replicas: every replica's loop runs this publisher on the shared database. Each attempt is
 * claimed first ({@link DeliveryRepository#claimAttempt}: a conditional update on the delivery's
 * attempts, due time and in-flight mark), so one replica sends it; the backoff lives in the row
 * (its attempts and last change), not only in this process.
 */
public final class AlertPublisher implements AutoCloseable {
  public static final String KAFKA_PREFIX = "kafka:";

  /**
   * How long a claimed attempt may run before another publisher may take the delivery over (its
   * claimer died): more than a publish (30 s) or a webhook post (5 s to connect, 10 s to answer).
   */
  static final Duration IN_FLIGHT = Duration.ofMinutes(2);

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(AlertPublisher.class.getName());

  private final DeliveryRepository store;
  private final LongFunction<String> payloads;
  private final Map<String, Object> kafkaConfig;
  private final Clock clock;
  private final Duration baseBackoff;
  private final int maxAttempts;
  private final TopicAllowList topics;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final java.util.Set<String> warnedUnsigned = new java.util.HashSet<>();
  private final Map<Long, Long> notBefore = new HashMap<>();
  private KafkaProducer<byte[], byte[]> producer;

  /**
   * @param payloads an alert's JSON by alert id
   * @param kafkaConfig client settings, or null when Kafka is not configured
   */
  public AlertPublisher(
      DeliveryRepository store,
      LongFunction<String> payloads,
      Map<String, Object> kafkaConfig,
      Clock clock,
      Duration baseBackoff,
      int maxAttempts) {
    this(store, payloads, kafkaConfig, clock, baseBackoff, maxAttempts, TopicAllowList.all());
  }

  /**
   * @param payloads an alert's JSON by alert id
   * @param kafkaConfig client settings, or null when Kafka is not configured
   * @param topics the alert topics the administrator allows
   */
  public AlertPublisher(
      DeliveryRepository store,
      LongFunction<String> payloads,
      Map<String, Object> kafkaConfig,
      Clock clock,
      Duration baseBackoff,
      int maxAttempts,
      TopicAllowList topics) {
    this.topics = topics;
    this.store = store;
    this.payloads = payloads;
    this.kafkaConfig = kafkaConfig;
    this.clock = clock;
    this.baseBackoff = baseBackoff;
    this.maxAttempts = maxAttempts;
  }

  /** Attempts every pending delivery whose backoff has passed; returns how many were delivered. */
  public synchronized int deliverPending() {
    int delivered = 0;
    Map<String, Webhook> registered = new HashMap<>();
    store.webhooks().forEach(w -> registered.put(w.url(), w));
    for (DeliveryRepository.Delivery d : store.pendingDeliveries()) {
      long key = d.alertId() * 31 + d.target().hashCode();
      long now = clock.millis();
      if (notBefore.getOrDefault(key, 0L) > now) {
        continue;
      }
      int attempts = d.attempts() + 1;
      // the attempt is claimed in the database first: of the replicas that see this delivery due,
      // one sends it
      long due =
          d.attempts() == 0
              ? Long.MAX_VALUE
              : now - baseBackoff.toMillis() * (1L << Math.min(20, d.attempts() - 1));
      if (!store.claimAttempt(
          d.alertId(), d.target(), d.attempts(), now, due, now - IN_FLIGHT.toMillis())) {
        continue;
      }
      String error;
      try {
        if (d.target().startsWith(KAFKA_PREFIX)) {
          String topic = d.target().substring(KAFKA_PREFIX.length());
          if (!topics.allows(topic)) {
            store.recordDelivery(
                d.alertId(),
                d.target(),
                DeliveryStatus.FAILED,
                attempts,
                "topic not allowed: serve " + topics.description(),
                now);
            continue;
          }
          publish(topic, d.alertId());
        } else if (!registered.containsKey(d.target())) {
          store.recordDelivery(
              d.alertId(),
              d.target(),
              DeliveryStatus.FAILED,
              attempts,
              "webhook not registered",
              now);
          continue;
        } else {
          post(registered.get(d.target()), d.alertId());
        }
        store.recordDelivery(
            d.alertId(), d.target(), DeliveryStatus.DELIVERED, attempts, null, clock.millis());
        notBefore.remove(key);
        delivered++;
        continue;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      DeliveryStatus status =
          attempts >= maxAttempts ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
      store.recordDelivery(d.alertId(), d.target(), status, attempts, error, clock.millis());
      notBefore.put(
          key, clock.millis() + baseBackoff.toMillis() * (1L << Math.min(20, attempts - 1)));
    }
    return delivered;
  }

  private void publish(String topic, long alertId) throws Exception {
    if (kafkaConfig == null) {
      throw new IllegalStateException("Kafka is not configured");
    }
    if (producer == null) {
      Map<String, Object> pc = new HashMap<>(kafkaConfig);
      pc.put(ProducerConfig.ACKS_CONFIG, "all");
      pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      pc.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vernier-alerts");
      producer = new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer());
    }
    producer
        .send(
            new ProducerRecord<>(
                topic,
                Long.toString(alertId).getBytes(StandardCharsets.UTF_8),
                payloads.apply(alertId).getBytes(StandardCharsets.UTF_8)))
        .get(30, TimeUnit.SECONDS);
  }

  private void post(Webhook hook, long alertId) throws Exception {
    String url = hook.url();
    if (!hook.allowPrivate()) {
      var p = WebhookAddresses.privateAddress(url);
      if (p.isPresent()) {
        throw new IllegalStateException(
            "not posted: "
                + hook.host()
                + " resolves to the private address "
                + p.get().getHostAddress()
                + " and the webhook was not registered with allowPrivate");
      }
    }
    byte[] body = payloads.apply(alertId).getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("X-Vernier-Alert", Long.toString(alertId))
            .header("Vernier-Webhook-Id", hook.id())
            .header("Vernier-Delivery-Id", alertId + "." + hook.id());
    if (hook.secret() != null) {
      b.header(
          WebhookSignature.HEADER,
          WebhookSignature.header(hook.secret(), clock.millis() / 1000, body));
    } else if (warnedUnsigned.add(hook.id())) {
      LOG.warning(
          "webhook "
              + hook.id()
              + " ("
              + hook.host()
              + ") has no secret: its posts are not signed until an administrator registers it"
              + " again (POST /api/v1/webhooks with its url and a secret)");
    }
    HttpResponse<String> r =
        http.send(
            b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("HTTP " + r.statusCode() + " from " + url);
    }
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
