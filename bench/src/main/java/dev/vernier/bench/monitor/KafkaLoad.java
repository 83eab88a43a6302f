package dev.vernier.bench.monitor;

import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.SyntheticEvents;
import dev.vernier.monitor.ingest.KafkaIngestor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The broker side of {@link IngestBenchmark}: fills the topic, and reads it with a bare loop. */
public final class KafkaLoad {
  private KafkaLoad() {}

  /** Produces the events round-robin over the partitions; returns the bytes of JSON sent. */
  public static long produce(
      EmbeddedKafka kafka, String topic, int partitions, int events, String compression) {
    Map<String, Object> pc = new HashMap<>(kafka.clientConfig());
    pc.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    pc.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    pc.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    AtomicReference<Exception> failed = new AtomicReference<>();
    Random r = new Random(7);
    long bytes = 0;
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < events; i++) {
        byte[] value =
            SyntheticEvents.event(
                    "m", "e" + i, IngestBenchmark.T0 + i, SyntheticEvents.row(r, 0), i % 2)
                .getBytes(StandardCharsets.UTF_8);
        bytes += value.length;
        p.send(
            new ProducerRecord<>(topic, i % partitions, null, value),
            (md, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              }
            });
      }
      p.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("producing the events failed: " + failed.get());
    }
    return bytes;
  }

  /** The ingestor's consumer settings, for a fair bare loop. */
  private static Map<String, Object> consumerConfig(EmbeddedKafka kafka, String group) {
    Map<String, Object> cc = new HashMap<>(kafka.clientConfig());
    cc.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cc.putAll(KafkaIngestor.FETCH_DEFAULTS);
    return cc;
  }

  /**
   * Seconds a bare poll loop takes to read every record, consumer start and group join included.
   */
  public static double bareLoop(EmbeddedKafka kafka, String topic, int events, String group) {
    long t0 = System.nanoTime();
    long deadline = t0 + IngestBenchmark.TIMEOUT.toNanos();
    long n = 0;
    long bytes = 0;
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            consumerConfig(kafka, group),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      while (n < events) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          n++;
          bytes += r.value().length;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("bare loop read " + n + " of " + events + " records");
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (bytes <= 0 || n != events) {
      throw new IllegalStateException("bare loop read " + n + " records, expected " + events);
    }
    return seconds;
  }
}
