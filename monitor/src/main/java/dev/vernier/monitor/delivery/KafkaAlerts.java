package dev.vernier.monitor.delivery;

import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.monitor.storage.DeliveryRepository.Delivery;
import java.nio.charset.StandardCharsets;
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
 * Publishes alerts to Kafka topics ({@code kafka:TOPIC} targets) for the {@link AlertPublisher}: a
 * topic the administrator no longer allows is given up at once, any other failure is retried. The
 * producer (acks all, idempotent) is made on the first publish. Not thread-safe: called on the
 * delivery pass's thread, under the publisher's lock, as is {@link #close}.
 */
final class KafkaAlerts {
  private final LongFunction<String> payloads;
  private final Map<String, Object> kafkaConfig;
  private final TopicAllowList topics;
  private KafkaProducer<byte[], byte[]> producer;

  /**
   * @param payloads an alert's JSON by alert id
   * @param kafkaConfig client settings, or null when Kafka is not configured
   * @param topics the alert topics the administrator allows
   */
  KafkaAlerts(
      LongFunction<String> payloads, Map<String, Object> kafkaConfig, TopicAllowList topics) {
    this.payloads = payloads;
    this.kafkaConfig = kafkaConfig;
    this.topics = topics;
  }

  /** One publish of a claimed Kafka delivery (at most 30 s for the broker's acknowledgement). */
  Attempt publish(Delivery d) {
    String topic = d.target().substring(AlertPublisher.KAFKA_PREFIX.length());
    if (!topics.allows(topic)) {
      return new Attempt(
          Attempt.Outcome.GIVE_UP, "topic not allowed: serve " + topics.description());
    }
    try {
      send(topic, d.alertId());
      return Attempt.DELIVERED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt(Attempt.Outcome.RETRY, "interrupted: the service is stopping");
    } catch (Exception e) {
      return new Attempt(
          Attempt.Outcome.RETRY, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void send(String topic, long alertId) throws Exception {
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

  /** Closes the producer, if one was made (waiting at most 5 s for its sends). */
  void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
