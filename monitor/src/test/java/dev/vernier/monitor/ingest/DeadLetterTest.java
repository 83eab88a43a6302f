package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.spec.MonitorSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed records on a real broker: all dead-lettered with their reason, none stop the consumer.
 */
class DeadLetterTest {
  @TempDir Path dir;

  @Test
  @Timeout(180)
  void thousandMalformedRecordsGoToTheDeadLetterTopicAndTheConsumerKeepsGoing() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        MonitorFixture f = new MonitorFixture(dir)) {
      kafka.createTopic("inferences", 2);
      kafka.createTopic("inferences.dead-letter", 1);
      var m =
          f.service.create(
              MonitorFixture.json(
                  "{'name':'dlq','model':'m1','baseline':{'path':'train.csv'},"
                      + "'kafka':{'eventsTopic':'inferences'},'window':{'events':250}}"));
      MonitorSpec spec = f.service.spec(m.id()).orElseThrow();
      Random r = new Random(5);
      String[] bad = {
        "not json at all",
        "[1,2,3]",
        "{\"model\":\"m1\",\"eventTime\":1}",
        "{\"model\":\"other\",\"inferenceId\":\"x\",\"eventTime\":1,\"features\":[]}",
        "{\"model\":\"m1\",\"inferenceId\":\"x\",\"eventTime\":\"yesterday\",\"features\":[]}",
        "{\"model\":\"m1\",\"inferenceId\":\"x\",\"eventTime\":1,\"features\":[1,2]}",
        "{\"model\":\"m1\",\"inferenceId\":\"x\",\"eventTime\":1,\"features\":[1,2",
        ""
      };
      String[] reasonOf = {
        "not_json",
        "not_an_object",
        "missing_field",
        "wrong_model",
        "bad_event_time",
        "wrong_feature_count",
        "not_json",
        "not_an_object"
      };
      Map<String, Integer> expectedReasons = new TreeMap<>();
      Map<String, String> sentBad = new HashMap<>();
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 1500; i++) {
          String v;
          if (i % 3 == 2) {
            v = MonitorFixture.event("m1", "e" + i, 1000L + i, MonitorFixture.row(r, 0), 1);
          } else {
            v = bad[i % bad.length];
            sentBad.put(Integer.toString(i), v);
            expectedReasons.merge(reasonOf[i % bad.length], 1, Integer::sum);
          }
          p.send(new ProducerRecord<>("inferences", Integer.toString(i), v));
        }
      }
      KafkaIngestor ingestor =
          new KafkaIngestor(
              m.id(), spec.kafka(), kafka.clientConfig(), f.store, f.service, MonitorMetrics.NONE);
      Thread t = new Thread(ingestor, "ingestor");
      t.start();
      await(() -> accepted(f, m.id()) == 500 && rejected(f, m.id()) == 1000);
      Map<String, Long> counters = f.store.counters(m.id());
      assertEquals(500, counters.get("events_accepted"));
      assertEquals(1000, rejected(f, m.id()), counters.toString());
      Map<String, Integer> counted = new TreeMap<>();
      counters.forEach(
          (k, x) -> {
            if (k.startsWith("rejected_")) {
              counted.put(k.substring("rejected_".length()), x.intValue());
            }
          });
      assertEquals(expectedReasons, counted, "each reason's count: " + counters);
      // the consumer is still running: more good events arrive and are counted
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 100; i++) {
          p.send(
              new ProducerRecord<>(
                  "inferences",
                  MonitorFixture.event("m1", "late" + i, 5000L + i, MonitorFixture.row(r, 0), 0)));
        }
      }
      await(() -> accepted(f, m.id()) == 600);
      assertTrue(t.isAlive());
      ingestor.close();
      t.join(30_000);
      // two windows of 250 closed
      assertEquals(2, f.store.counters(m.id()).get("windows_closed"));
      Map<String, Integer> reasons = new HashMap<>();
      int n = 0;
      Map<String, Object> c = new HashMap<>(kafka.clientConfig());
      c.put("group.id", "dlq-reader");
      c.put("auto.offset.reset", "earliest");
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of("inferences.dead-letter"));
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (n < 1000 && System.nanoTime() < until) {
          for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(200))) {
            n++;
            String reason =
                new String(
                    rec.headers().lastHeader(KafkaIngestor.HEADER_REASON).value(),
                    StandardCharsets.UTF_8);
            reasons.merge(reason, 1, Integer::sum);
            // the dead letter is the record as it was sent, byte for byte, under its key
            assertEquals(sentBad.get(rec.key()), rec.value(), "dead letter of record " + rec.key());
            assertTrue(rec.headers().lastHeader(KafkaIngestor.HEADER_SOURCE) != null);
          }
        }
      }
      assertEquals(1000, n);
      assertEquals(expectedReasons, new TreeMap<>(reasons), "dead letters by reason");
    }
  }

  static long accepted(MonitorFixture f, String id) {
    return f.store.counters(id).getOrDefault("events_accepted", 0L);
  }

  static long rejected(MonitorFixture f, String id) {
    return f.store.counters(id).entrySet().stream()
        .filter(e -> e.getKey().startsWith("rejected_"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met within 90 s");
      }
      Thread.sleep(100);
    }
  }
}
