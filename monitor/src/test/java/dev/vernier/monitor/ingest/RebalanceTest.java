package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.WindowRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two consumers of one monitor's group on a real broker: a second one joining and then the first
 * one leaving move partitions while batches are in flight (each batch's store is slowed down, so a
 * polled batch is usually still waiting when the rebalance comes); every event is still counted
 * once.
 */
class RebalanceTest {
  static final int EVENTS = 60_000;

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void partitionsMovingBetweenConsumersNeitherLoseNorDoubleCountEvents() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        MonitorFixture f = new MonitorFixture(dir)) {
      kafka.createTopic("events", 4);
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'rebalance','model':'m','baseline':{'path':'train.csv'},"
                          + "'kafka':{'eventsTopic':'events'},'window':{'events':1000}}"))
              .id();
      MonitorSpec spec = f.service.spec(id).orElseThrow();
      Random r = new Random(4);
      produce(kafka, r, 0, EVENTS / 2);
      KafkaIngestor a = ingestor(kafka, f, id, spec, "a");
      Thread ta = start(a, "ingestor-a");
      await(() -> accepted(f, id) >= 5_000);
      KafkaIngestor b = ingestor(kafka, f, id, spec, "b");
      Thread tb = start(b, "ingestor-b");
      produce(kafka, r, EVENTS / 2, EVENTS);
      await(() -> accepted(f, id) >= 35_000);
      a.close();
      ta.join(60_000);
      await(() -> accepted(f, id) >= EVENTS);
      Thread.sleep(1500); // anything beyond would be a double count
      assertTrue(tb.isAlive());
      b.close();
      tb.join(60_000);

      Map<String, Long> counters = f.store.counters(id);
      assertEquals(EVENTS, counters.get("events_accepted"), counters.toString());
      List<WindowRecord> windows = f.store.windows(id, 1000);
      long inWindows = windows.stream().mapToLong(WindowRecord::events).sum();
      assertEquals(EVENTS, inWindows);
      assertEquals(EVENTS / 1000, windows.size());
      for (WindowRecord w : windows) {
        assertEquals(1000, w.events(), "window " + w.start());
      }
    }
  }

  private static KafkaIngestor ingestor(
      EmbeddedKafka kafka, MonitorFixture f, String id, MonitorSpec spec, String name) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put("client.id", "rebalance-" + name);
    config.put("max.poll.records", 2000);
    return new KafkaIngestor(
        id, spec.kafka(), config, f.store, slow(f.service), MonitorMetrics.NONE);
  }

  /** The monitor service, each batch stored 600 ms late. */
  private static BatchSink slow(BatchSink sink) {
    return new BatchSink() {
      @Override
      public dev.vernier.monitor.event.EventParser parser(String monitorId) {
        return sink.parser(monitorId);
      }

      @Override
      public boolean joinsLabels(String monitorId) {
        return sink.joinsLabels(monitorId);
      }

      @Override
      public boolean captures(String monitorId) {
        return sink.captures(monitorId);
      }

      @Override
      public dev.vernier.monitor.storage.IngestBatch.Result accept(
          String monitorId, dev.vernier.monitor.storage.IngestBatch batch) {
        try {
          Thread.sleep(600);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return sink.accept(monitorId, batch);
      }

      @Override
      public void closeReady(String monitorId) {
        sink.closeReady(monitorId);
      }
    };
  }

  private static Thread start(KafkaIngestor ingestor, String name) {
    Thread t = new Thread(ingestor, name);
    t.start();
    return t;
  }

  private static void produce(EmbeddedKafka kafka, Random r, int from, int to) throws Exception {
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = from; i < to; i++) {
        sent.add(
            p.send(
                new ProducerRecord<>(
                    "events",
                    i % 4,
                    null,
                    MonitorFixture.event("m", "e" + i, 1000L + i, MonitorFixture.row(r, 0), 1))));
      }
      for (Future<?> s : sent) {
        s.get();
      }
    }
  }

  private static long accepted(MonitorFixture f, String id) {
    return f.store.counters(id).getOrDefault("events_accepted", 0L);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + 120_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(50);
    }
  }
}
