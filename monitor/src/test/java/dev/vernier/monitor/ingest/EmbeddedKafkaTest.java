package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.ingest.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {
  @TempDir Path dir;

  @Test
  @org.junit.jupiter.api.Timeout(120)
  void producesAndConsumesOnLoopbackAndSurvivesARestart() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      assertTrue(
          kafka.bootstrapServers().contains("127.0.0.1")
              || kafka.bootstrapServers().contains("localhost"),
          kafka.bootstrapServers());
      kafka.createTopic("t", 2);
      send(kafka, 0, 50);
      kafka.restartBroker();
      send(kafka, 50, 100);
      Map<String, Object> c = new HashMap<>(kafka.clientConfig());
      c.put("group.id", "g");
      c.put("auto.offset.reset", "earliest");
      List<String> got = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of("t"));
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.size() < 100 && System.nanoTime() < until) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
        }
      }
      assertEquals(100, got.size());
    }
  }

  private static void send(EmbeddedKafka kafka, int from, int to) {
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
      for (int i = from; i < to; i++) {
        p.send(new ProducerRecord<>("t", Integer.toString(i), "v" + i));
      }
    }
  }
}
