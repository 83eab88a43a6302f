package dev.vernier.monitor.ingest;

import dev.vernier.monitor.event.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A monitor's dead-letter topic: each malformed record as it was consumed (key and value bytes),
 * with its reason, detail and source position in headers ({@link KafkaIngestor#HEADER_REASON} and
 * the others). The producer is made on the first malformed record: most monitors never need one,
 * and an idle producer still costs threads, connections and metadata requests. Used on the
 * ingestion stage's thread; closed after the stage stopped.
 */
final class DeadLetters implements AutoCloseable {
  private final Map<String, Object> config;
  private final String topic;
  private KafkaProducer<byte[], byte[]> producer;

  DeadLetters(Map<String, Object> config, String topic) {
    this.config = config;
    this.topic = topic;
  }

  /** Sends a record's key and {@code value} (its bytes as consumed) with why it was rejected. */
  void send(ConsumerRecord<byte[], ?> r, Rejection why, byte[] value) {
    if (producer == null) {
      producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, r.key(), value);
    out.headers()
        .add(KafkaIngestor.HEADER_REASON, why.reason().label().getBytes(StandardCharsets.UTF_8))
        .add(KafkaIngestor.HEADER_DETAIL, why.detail().getBytes(StandardCharsets.UTF_8))
        .add(
            KafkaIngestor.HEADER_SOURCE,
            (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
    producer.send(out);
  }

  /** Waits until every record sent is acknowledged. */
  void flush() {
    if (producer != null) {
      producer.flush();
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
