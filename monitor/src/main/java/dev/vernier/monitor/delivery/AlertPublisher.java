package dev.vernier.monitor.delivery;

import dev.vernier.monitor.storage.MonitorStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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
 * FAILED. A webhook that is no longer registered is not called (FAILED, "not registered").
 * Deliveries are at least once: a crash after sending and before recording repeats the send; the
 * payload carries the alert id for receivers to drop repeats.
 */
public final class AlertPublisher implements AutoCloseable {
  public static final String KAFKA_PREFIX = "kafka:";

  private final MonitorStore store;
  private final LongFunction<String> payloads;
  private final Map<String, Object> kafkaConfig;
  private final Clock clock;
  private final Duration baseBackoff;
  private final int maxAttempts;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<Long, Long> notBefore = new HashMap<>();
  private KafkaProducer<byte[], byte[]> producer;

  /**
   * @param payloads an alert's JSON by alert id
   * @param kafkaConfig client settings, or null when Kafka is not configured
   */
  public AlertPublisher(
      MonitorStore store,
      LongFunction<String> payloads,
      Map<String, Object> kafkaConfig,
      Clock clock,
      Duration baseBackoff,
      int maxAttempts) {
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
    List<String> registered = store.webhooks();
    for (MonitorStore.Delivery d : store.pendingDeliveries()) {
      long key = d.alertId() * 31 + d.target().hashCode();
      long now = clock.millis();
      if (notBefore.getOrDefault(key, 0L) > now) {
        continue;
      }
      int attempts = d.attempts() + 1;
      String error;
      try {
        if (d.target().startsWith(KAFKA_PREFIX)) {
          publish(d.target().substring(KAFKA_PREFIX.length()), d.alertId());
        } else if (!registered.contains(d.target())) {
          store.recordDelivery(
              d.alertId(), d.target(), "FAILED", attempts, "webhook not registered", now);
          continue;
        } else {
          post(d.target(), d.alertId());
        }
        store.recordDelivery(d.alertId(), d.target(), "DELIVERED", attempts, null, clock.millis());
        notBefore.remove(key);
        delivered++;
        continue;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      String status = attempts >= maxAttempts ? "FAILED" : "PENDING";
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

  private void post(String url, long alertId) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Vernier-Alert", Long.toString(alertId))
                .POST(HttpRequest.BodyPublishers.ofString(payloads.apply(alertId)))
                .build(),
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
