package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.data.DataRoots;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.SyntheticEvents;
import dev.vernier.monitor.delivery.AlertPublisher;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.ingest.KafkaIngestor;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.retrain.Retrainer;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.sql.SqlMonitorStore;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two stores, each its own pool, on one PostgreSQL database; each its monitor runner
 * and so its consumer of the monitor) and the embedded broker: malformed records spread over the
 * three partitions of the events topic, while both replicas hold partitions and then after one of
 * them leaves (a rebalance), reach the dead-letter topic exactly once each, whichever replica
 * recorded and published them; the counters agree.
 */
class DeadLetterReplicasTest {
  static final int CHUNK = 300;

  /** Every tenth record is malformed; with partition i % 3 each partition gets its share. */
  static final int EVERY = 10;

  @TempDir Path dir;

  /** One replica: its store, service and runner. */
  private static final class Replica implements AutoCloseable {
    final Database db;
    final SqlMonitorStore store;
    final MonitorRunner runner;

    Replica(String url, Path dataRoot, Map<String, Object> kafka, Path out) {
      PostgresServer pg = PostgresServer.shared();
      db = Database.postgres(url, pg.user(), "", 4);
      store = new SqlMonitorStore(db.dataSource(), db.dialect());
      MonitorService service =
          new MonitorService(
              store,
              new MonitorSpecParser(new DataRoots(List.of(dataRoot)), DriftMethods.names()),
              BaselinePredictor.NONE,
              MonitorMetrics.NONE,
              Clock.systemUTC(),
              1);
      AlertPublisher publisher =
          new AlertPublisher(
              store, service::alertPayload, kafka, Clock.systemUTC(), Duration.ofSeconds(1), 3);
      Retrainer retrainer =
          new Retrainer(store, store, store, null, out, service::spec, Clock.systemUTC());
      runner = new MonitorRunner(service, kafka, MonitorMetrics.NONE, publisher, retrainer);
      runner.start(Duration.ofMillis(200));
    }

    MonitorService service() {
      return runner.service();
    }

    @Override
    public void close() {
      runner.close();
      db.close();
    }
  }

  /** What was produced: the good events, and the source position of each malformed record. */
  private static final class Produced {
    int good;
    final TreeSet<String> bad = new TreeSet<>();
  }

  @Test
  @Timeout(240)
  void eachMalformedRecordReachesTheDeadLetterTopicOnceWhicheverReplicaPublishedIt()
      throws Exception {
    Path dataRoot = Files.createDirectories(dir.resolve("data"));
    SyntheticEvents.writeBaseline(dataRoot.resolve("train.csv"), 2000, 11);
    String url = PostgresServer.shared().newDatabase();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopic("events", 3);
      kafka.createTopic("dl", 1);
      Map<String, Object> config = new HashMap<>(kafka.clientConfig());
      config.put("session.timeout.ms", 6000);
      config.put("heartbeat.interval.ms", 1000);
      Produced produced = new Produced();
      int total = 0;
      String id;
      try (Replica a = new Replica(url, dataRoot, config, dir.resolve("out-a"))) {
        try (Replica b = new Replica(url, dataRoot, config, dir.resolve("out-b"))) {
          id =
              a.service()
                  .create(
                      MonitorFixture.json(
                          "{'name':'dead-letters','model':'m','baseline':{'path':'train.csv'},"
                              + "'kafka':{'eventsTopic':'events','deadLetterTopic':'dl'},"
                              + "'window':{'events':1000}}"))
                  .id();
          a.runner.started(id);
          String monitor = id;
          await(() -> b.runner.consuming().contains(monitor));

          // rounds until each replica's consumer has read records (both hold partitions), then
          // as many again while both publish
          long until = System.nanoTime() + 90_000_000_000L;
          int rounds = 0;
          while ((a.runner.consumerLag(id).isEmpty() || b.runner.consumerLag(id).isEmpty())
              && System.nanoTime() < until) {
            produce(kafka, total, total + CHUNK, produced);
            total += CHUNK;
            rounds++;
            Thread.sleep(100);
          }
          assertFalse(a.runner.consumerLag(id).isEmpty(), "replica a read records");
          assertFalse(b.runner.consumerLag(id).isEmpty(), "replica b read records");
          for (int i = 0; i < Math.max(rounds, 10); i++) {
            produce(kafka, total, total + CHUNK, produced);
            total += CHUNK;
            Thread.sleep(100);
          }
          int sofar = total;
          await(() -> accepted(a, monitor) + rejected(a, monitor) >= sofar);
          System.out.printf(
              "both replicas: %,d records, %,d malformed, over %d rounds%n",
              total, produced.bad.size(), rounds + Math.max(rounds, 10));
        }
        // b has left the group: a holds all three partitions, and publishes what b left
        for (int i = 0; i < 5; i++) {
          produce(kafka, total, total + CHUNK, produced);
          total += CHUNK;
          Thread.sleep(100);
        }
        int all = total;
        String monitor = id;
        await(
            () ->
                accepted(a, monitor) + rejected(a, monitor) >= all
                    && a.store.pendingDeadLetters(monitor, 1).isEmpty());
        assertEquals(produced.good, accepted(a, id), "events_accepted");
        assertEquals(produced.bad.size(), rejected(a, id), "rejected_* counters");
        assertTrue(a.store.pendingDeadLetters(id, 10).isEmpty(), "the outbox is empty");
      }
      // both replicas closed: no send is in flight any more
      Map<String, Integer> bySource = readDeadLetters(kafka, id);
      Map<String, Integer> twice = new TreeMap<>();
      bySource.forEach(
          (source, n) -> {
            if (n != 1) {
              twice.put(source, n);
            }
          });
      System.out.printf(
          "%,d records, %,d malformed; the dead-letter topic holds %,d letters of %,d sources,"
              + " %d sent more than once%n",
          total,
          produced.bad.size(),
          bySource.values().stream().mapToInt(Integer::intValue).sum(),
          bySource.size(),
          twice.size());
      assertEquals(
          0,
          twice.size(),
          "dead letters sent more than once, by source (the first 10): "
              + twice.entrySet().stream().limit(10).toList());
      assertEquals(produced.bad, new TreeSet<>(bySource.keySet()), "each malformed record's");
      Map<Integer, Integer> perPartition = new TreeMap<>();
      for (String s : produced.bad) {
        perPartition.merge(Integer.parseInt(s.substring(7, s.indexOf('@'))), 1, Integer::sum);
      }
      assertEquals(3, perPartition.size(), "malformed records on every partition: " + perPartition);
    }
  }

  private static long accepted(Replica r, String id) {
    return r.store.counters(id).getOrDefault("events_accepted", 0L);
  }

  private static long rejected(Replica r, String id) {
    return r.store.counters(id).entrySet().stream()
        .filter(e -> e.getKey().startsWith("rejected_"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Records {@code from..to-1} on partition i % 3; every {@link #EVERY}th is not JSON. */
  private static void produce(EmbeddedKafka kafka, int from, int to, Produced produced)
      throws Exception {
    Random r = new Random(from);
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      List<Boolean> bad = new ArrayList<>();
      for (int i = from; i < to; i++) {
        boolean malformed = i % EVERY == EVERY - 3;
        String value =
            malformed
                ? "{not json " + i
                : MonitorFixture.event("m", "e" + i, 1000L + i, MonitorFixture.row(r, 0), 1);
        sent.add(p.send(new ProducerRecord<>("events", i % 3, null, value)));
        bad.add(malformed);
      }
      for (int i = 0; i < sent.size(); i++) {
        RecordMetadata m = sent.get(i).get();
        if (bad.get(i)) {
          produced.bad.add(m.topic() + "-" + m.partition() + "@" + m.offset());
        } else {
          produced.good++;
        }
      }
    }
  }

  /** The dead-letter topic read from its beginning to its end: letters of {@code monitor}. */
  private static Map<String, Integer> readDeadLetters(EmbeddedKafka kafka, String monitor) {
    Map<String, Object> cc = new HashMap<>(kafka.clientConfig());
    Map<String, Integer> bySource = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo info : c.partitionsFor("dl")) {
        parts.add(new TopicPartition("dl", info.partition()));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long until = System.nanoTime() + 60_000_000_000L;
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > until) {
          throw new AssertionError("reading the dead-letter topic timed out");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          assertEquals(monitor, header(r, "vernier.monitor"), "the monitor header");
          bySource.merge(header(r, KafkaIngestor.HEADER_SOURCE), 1, Integer::sum);
        }
      }
    }
    return bySource;
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + 90_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(50);
    }
  }
}
