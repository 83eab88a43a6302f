package dev.vernier.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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

  @Test
  @org.junit.jupiter.api.Timeout(180)
  void startsAgainOnItsOwnFolderWithTopicsRecordsAndCommittedOffsets() throws Exception {
    TopicPartition p0 = new TopicPartition("t", 0);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      kafka.createTopic("t", 2);
      send(kafka, 0, 100);
      try (KafkaConsumer<String, String> consumer = consumer(kafka)) {
        consumer.commitSync(Map.of(p0, new OffsetAndMetadata(7)));
      }
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      try (Admin admin = Admin.create(kafka.clientConfig())) {
        assertTrue(admin.listTopics().names().get().contains("t"));
        assertEquals(
            2,
            admin.describeTopics(List.of("t")).allTopicNames().get().get("t").partitions().size());
      }
      try (KafkaConsumer<String, String> consumer = consumer(kafka)) {
        assertEquals(7, consumer.committed(Set.of(p0)).get(p0).offset());
      }
      assertEquals(100, readAll(kafka, "other-group", 100).size());
      // and it still takes records
      send(kafka, 100, 110);
      assertEquals(110, readAll(kafka, "third-group", 110).size());
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(120)
  void refusesAFolderOfAnotherCluster() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      kafka.createTopic("t", 1);
    }
    // another cluster's controller in this folder: its meta.properties names another cluster id
    Path meta;
    try (var files = Files.walk(dir)) {
      meta =
          files
              .filter(f -> f.getFileName().toString().equals("meta.properties"))
              .filter(f -> f.getParent().getFileName().toString().startsWith("controller"))
              .findFirst()
              .orElseThrow();
    }
    Properties p = new Properties();
    try (var in = Files.newInputStream(meta)) {
      p.load(in);
    }
    p.setProperty("cluster.id", "AnotherClusterIdAAAAAA");
    try (var out = Files.newOutputStream(meta)) {
      p.store(out, null);
    }
    ForeignKafkaFolderException e =
        assertThrows(ForeignKafkaFolderException.class, () -> EmbeddedKafka.start(dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("AnotherClusterIdAAAAAA"), e.getMessage());
    assertTrue(e.getMessage().contains("remove"), e.getMessage());
    assertEquals(dir, e.folder());
  }

  @Test
  void refusesAFolderThatIsNotAnEmbeddedBrokers() throws Exception {
    // a plain Kafka log directory: meta.properties at the top
    Files.writeString(
        dir.resolve("meta.properties"),
        "version=1\ncluster.id=SomeoneElsesClusterAAA\nnode.id=1\n");
    ForeignKafkaFolderException e =
        assertThrows(ForeignKafkaFolderException.class, () -> EmbeddedKafka.start(dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("remove"), e.getMessage());
  }

  private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka) {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put("group.id", "g");
    c.put("enable.auto.commit", "false");
    return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
  }

  private static List<String> readAll(EmbeddedKafka kafka, String group, int expected) {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put("group.id", group);
    c.put("auto.offset.reset", "earliest");
    List<String> got = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("t"));
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (got.size() < expected && System.nanoTime() < until) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
      }
    }
    return got;
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
