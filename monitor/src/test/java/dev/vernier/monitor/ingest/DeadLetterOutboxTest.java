package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.storage.DeadLetter;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.SourcePartition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter outbox on a real broker: a publisher that died after sending some dead letters
 * and before deleting them from the outbox does not send those again.
 */
class DeadLetterOutboxTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void deadLettersSentBeforeACrashAreNotSentAgain() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        MonitorFixture f = new MonitorFixture(dir)) {
      kafka.createTopic("events", 1);
      kafka.createTopic("dl", 1);
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'outbox','model':'m','baseline':{'path':'train.csv'},"
                          + "'kafka':{'eventsTopic':'events','deadLetterTopic':'dl'},"
                          + "'window':{'events':100}}"))
              .id();
      List<DeadLetter> letters = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        letters.add(
            new DeadLetter(
                "events", 0, i, "not_json", "detail " + i, utf8("k" + i), utf8("v" + i)));
      }
      var m = f.service.model(id);
      f.store.ingest(
          id,
          m.windowing(),
          m.features(),
          m.spec().labelHorizon(),
          new IngestBatch(
                  List.of(new IngestBatch.Position("events", 0, 5, Long.MIN_VALUE)),
                  List.of(),
                  List.of(),
                  Map.of("not_json", 5L),
                  false,
                  false)
              .withDeadLetters(letters));
      List<DeadLetter> stored = f.store.pendingDeadLetters(id, 10);
      assertEquals(5, stored.size());
      // an earlier publisher noted the partition's end (0), sent three of them, and died
      f.store.deadLettersAttempted(id, stored.stream().map(DeadLetter::id).toList(), 0);
      try (KafkaProducer<byte[], byte[]> p =
          new KafkaProducer<>(
              kafka.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
        for (DeadLetter d : stored.subList(0, 3)) {
          ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("dl", 0, d.key(), d.value());
          r.headers()
              .add(KafkaIngestor.HEADER_SOURCE, utf8(d.source()))
              .add(DeadLetters.HEADER_MONITOR, utf8(id));
          p.send(r).get();
        }
        // another monitor's dead letter with the same source position is not ours
        ProducerRecord<byte[], byte[]> other = new ProducerRecord<>("dl", 0, null, utf8("x"));
        other
            .headers()
            .add(KafkaIngestor.HEADER_SOURCE, utf8(stored.get(3).source()))
            .add(DeadLetters.HEADER_MONITOR, utf8("mon-other"));
        p.send(other).get();
      }
      try (DeadLetters dlq = new DeadLetters(id, "dl", f.store, kafka.clientConfig())) {
        // a consumer holding another partition of the topic publishes none of them
        dlq.publishPending(Set.of(new SourcePartition("events", 1)));
        assertEquals(0, dlq.published(), "not its partition");
        assertEquals(5, f.store.pendingDeadLetters(id, 10).size());
        dlq.publishPending(Set.of(new SourcePartition("events", 0)));
        assertEquals(2, dlq.published(), "only the two never sent");
      }
      assertTrue(f.store.pendingDeadLetters(id, 10).isEmpty());
      Map<String, Integer> bySource = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : readAll(kafka, "dl", 6)) {
        String monitor =
            new String(
                r.headers().lastHeader(DeadLetters.HEADER_MONITOR).value(), StandardCharsets.UTF_8);
        if (monitor.equals(id)) {
          bySource.merge(
              new String(
                  r.headers().lastHeader(KafkaIngestor.HEADER_SOURCE).value(),
                  StandardCharsets.UTF_8),
              1,
              Integer::sum);
        }
      }
      Map<String, Integer> once = new HashMap<>();
      for (int i = 0; i < 5; i++) {
        once.put("events-0@" + i, 1);
      }
      assertEquals(once, bySource, "each dead letter of this monitor once");
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(
      EmbeddedKafka kafka, String topic, int n) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            kafka.clientConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < until && c.position(tp) < c.endOffsets(List.of(tp)).get(tp)) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    assertEquals(n, out.size(), "records in " + topic);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
