package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure that is not a record's (here the store refuses every batch, as an unreachable database
 * would) makes the monitor DEGRADED with the reason, while the consumer keeps its thread, backs off
 * and reads again from the stored offsets; once storing works, the monitor is ACTIVE and every
 * event counts once, none dead-lettered.
 */
class DegradedTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aStoreThatFailsMakesTheMonitorDegradedUntilItWorksAgain() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        MonitorFixture f = new MonitorFixture(dir)) {
      kafka.createTopic("events", 2);
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'degraded','model':'m','baseline':{'path':'train.csv'},"
                          + "'kafka':{'eventsTopic':'events'},'window':{'events':250}}"))
              .id();
      Random r = new Random(2);
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 1000; i++) {
          p.send(
              new ProducerRecord<>(
                  "events",
                  i % 2,
                  null,
                  MonitorFixture.event("m", "e" + i, 1000L + i, MonitorFixture.row(r, 0), 1)));
        }
      }
      List<String> seen = new CopyOnWriteArrayList<>(); // monitor states seen on each report
      BatchSink outage =
          new BatchSink() {
            volatile int failuresLeft = 2; // two tries fail, then the store works again

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
              if (failuresLeft > 0) {
                throw new IllegalStateException("database unreachable");
              }
              return f.service.accept(monitorId, batch);
            }

            @Override
            public void closeReady(String monitorId) {
              f.service.closeReady(monitorId);
            }

            @Override
            public void health(String monitorId, String reason) {
              f.service.health(monitorId, reason);
              MonitorRecord m = f.store.monitor(monitorId).orElseThrow();
              seen.add(m.state() + ": " + m.stateReason());
              if (reason != null) {
                failuresLeft--; // the outage ends between two tries
              }
            }
          };
      KafkaIngestor ingestor =
          new KafkaIngestor(
              id,
              f.service.spec(id).orElseThrow().kafka(),
              kafka.clientConfig(),
              f.store,
              outage,
              MonitorMetrics.NONE);
      Thread t = new Thread(ingestor, "ingestor");
      t.start();
      DeadLetterTest.await(() -> DeadLetterTest.accepted(f, id) == 1000);
      Thread.sleep(500);
      assertTrue(t.isAlive(), "the consumer kept its thread");
      ingestor.close();
      t.join(Duration.ofSeconds(30).toMillis());
      assertEquals(3, seen.size(), seen.toString());
      assertTrue(seen.get(0).startsWith("DEGRADED: ingestion failed 1 time"), seen.get(0));
      assertTrue(seen.get(0).contains("database unreachable"), seen.get(0));
      assertTrue(
          seen.get(1).startsWith("DEGRADED: ingestion failed 2 times in a row"), seen.get(1));
      assertEquals("ACTIVE: null", seen.get(2));
      var counters = f.store.counters(id);
      assertEquals(1000L, counters.get("events_accepted"), counters.toString());
      assertEquals(0, DeadLetterTest.rejected(f, id), counters.toString());
      assertEquals(4L, counters.get("windows_closed"), counters.toString());
      MonitorRecord m = f.store.monitor(id).orElseThrow();
      assertEquals(MonitorState.ACTIVE, m.state());
      assertEquals(null, m.stateSince());
    }
  }
}
