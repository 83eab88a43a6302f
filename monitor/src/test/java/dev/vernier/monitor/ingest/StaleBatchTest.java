package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.StaleBatchException;
import dev.vernier.monitor.storage.WindowRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer whose first batch comes after another consumer of the group (another replica, after a
 * rebalance) stored part of the same records: the store refuses the batch whole, the consumer
 * counts it stale, seeks to the stored position and stores the rest. Every event is counted once.
 */
class StaleBatchTest {
  static final int EVENTS = 500;
  static final int FOREIGN = 120;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aBatchReadBeforeAnotherConsumerStoredItIsRefusedAndReadAgainFromTheStoredPosition()
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        MonitorFixture f = new MonitorFixture(dir)) {
      kafka.createTopic("events", 1);
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'stale','model':'m','baseline':{'path':'train.csv'},"
                          + "'kafka':{'eventsTopic':'events'},'window':{'events':100}}"))
              .id();
      MonitorSpec spec = f.service.spec(id).orElseThrow();
      produce(kafka);
      AtomicInteger staleBatches = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      AtomicBoolean first = new AtomicBoolean(true);
      BatchSink sink =
          new BatchSink() {
            @Override
            public EventParser parser(String monitorId) {
              return f.service.parser(monitorId);
            }

            @Override
            public boolean joinsLabels(String monitorId) {
              return f.service.joinsLabels(monitorId);
            }

            @Override
            public boolean captures(String monitorId) {
              return f.service.captures(monitorId);
            }

            @Override
            public IngestBatch.Result accept(String monitorId, IngestBatch batch) {
              if (first.getAndSet(false)) {
                // the other consumer stores the first records of the same partition first
                IngestBatch.Position p = batch.positions().get(0);
                assertEquals(-1, p.fromOffset(), "read from the beginning: nothing stored");
                assertTrue(batch.events().size() > FOREIGN, "one batch holds them all");
                f.service.accept(
                    monitorId,
                    new IngestBatch(
                        List.of(
                            new IngestBatch.Position(
                                p.topic(), p.partition(), FOREIGN, 1000L + FOREIGN - 1, -1)),
                        batch.events().subList(0, FOREIGN),
                        List.of(),
                        Map.of(),
                        false,
                        false));
              }
              try {
                return f.service.accept(monitorId, batch);
              } catch (StaleBatchException e) {
                refused.incrementAndGet();
                throw e;
              }
            }

            @Override
            public void closeReady(String monitorId) {
              f.service.closeReady(monitorId);
            }
          };
      MonitorMetrics metrics =
          new MonitorMetrics() {
            @Override
            public void eventsConsumed(String monitorId, long n) {}

            @Override
            public void deadLettered(String monitorId, String reason, long n) {}

            @Override
            public void lateEvents(String monitorId, long n) {}

            @Override
            public void consumerLag(String monitorId, String topic, int partition, long lag) {}

            @Override
            public void windowClosed(String monitorId) {}

            @Override
            public void alertRaised(String monitorId, String kind) {}

            @Override
            public void staleBatch(String monitorId) {
              staleBatches.incrementAndGet();
            }
          };
      KafkaIngestor ingestor =
          new KafkaIngestor(id, spec.kafka(), kafka.clientConfig(), f.store, sink, metrics);
      Thread t = new Thread(ingestor, "stale-ingestor");
      t.start();
      try {
        long until = System.nanoTime() + 60_000_000_000L;
        while (accepted(f, id) < EVENTS && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        Thread.sleep(1000); // anything beyond would be a double count
      } finally {
        ingestor.close();
        t.join(30_000);
      }
      assertEquals(1, refused.get(), "the first batch was refused whole");
      assertEquals(1, staleBatches.get(), "and counted stale");
      assertEquals(EVENTS, accepted(f, id), f.store.counters(id).toString());
      assertEquals(EVENTS, f.store.positions(id).get(0).nextOffset());
      List<WindowRecord> windows = f.store.windows(id, 100);
      assertEquals(EVENTS / 100, windows.size());
      for (WindowRecord w : windows) {
        assertEquals(100, w.events(), "window " + w.start());
      }
    }
  }

  private static long accepted(MonitorFixture f, String id) {
    return f.store.counters(id).getOrDefault("events_accepted", 0L);
  }

  private static void produce(EmbeddedKafka kafka) throws Exception {
    Random r = new Random(9);
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        sent.add(
            p.send(
                new ProducerRecord<>(
                    "events",
                    0,
                    null,
                    MonitorFixture.event("m", "e" + i, 1000L + i, MonitorFixture.row(r, 0), 1))));
      }
      for (Future<?> s : sent) {
        s.get();
      }
    }
  }
}
