package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.storage.WindowRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 events through a real broker into time windows of 10,000 events each, with the monitor's
 * process killed (SIGKILL) mid-stream and the broker restarted: every window holds exactly what was
 * produced for it, nothing is lost and nothing is counted twice.
 */
class CrashAndRestartTest {
  static final int EVENTS = 100_000;
  static final int PER_WINDOW = 10_000;
  static final long T0 = 1_764_000_000_000L;

  @TempDir Path dir;

  @Test
  @Timeout(400)
  void killedMonitorAndRestartedBrokerNeitherLoseNorDoubleCountEvents() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopic("events", 3);
      String id;
      try (MonitorFixture f = new MonitorFixture(dir)) {
        id =
            f.service
                .create(
                    MonitorFixture.json(
                        "{'name':'crash','model':'m','baseline':{'path':'train.csv'},"
                            + "'kafka':{'eventsTopic':'events'},'window':{'size':'PT1S'}}"))
                .id();
      }
      Process first = IngestChild.start(dir, kafka, id);
      Random r = new Random(1);
      produce(kafka, r, 0, EVENTS / 2);
      IngestChild.awaitAccepted(dir, id, 20_000, 240);
      first.destroyForcibly().waitFor();
      long atKill = IngestChild.accepted(dir, id);
      kafka.restartBroker();
      produce(kafka, r, EVENTS / 2, EVENTS);
      Process second = IngestChild.start(dir, kafka, id);
      try {
        IngestChild.awaitAccepted(dir, id, EVENTS, 240);
        Thread.sleep(1000); // anything beyond would be a double count
        // the kill came after the 20,000 awaited and, without a double count, at most the 50,000
        // produced by then: the second process had at least half the events to take in
        assertTrue(
            atKill >= 20_000 && atKill <= EVENTS / 2,
            "killed between 20,000 and " + EVENTS / 2 + " events accepted: " + atKill);
        try (MonitorFixture f = new MonitorFixture(dir)) {
          Map<String, Long> counters = f.store.counters(id);
          assertEquals(EVENTS, counters.get("events_accepted"), counters.toString());
          assertEquals(0, counters.getOrDefault("events_late", 0L));
          List<WindowRecord> windows = f.store.windows(id, 100);
          assertEquals(EVENTS / PER_WINDOW, windows.size());
          for (WindowRecord w : windows) {
            assertEquals(PER_WINDOW, w.events(), "window " + w.start());
          }
          // all but the newest window closed once the watermark passed them
          assertEquals(
              EVENTS / PER_WINDOW - 1, counters.get("windows_closed"), counters.toString());
        }
      } finally {
        second.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * Event i lies in window i / 10,000 (1 s windows); records are keyed round-robin over 3
   * partitions.
   */
  private static void produce(EmbeddedKafka kafka, Random r, int from, int to) throws Exception {
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
      List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
      for (int i = from; i < to; i++) {
        long time = T0 + (i / PER_WINDOW) * 1000L + (i % PER_WINDOW) / 10;
        sent.add(
            p.send(
                new ProducerRecord<>(
                    "events",
                    i % 3,
                    null,
                    MonitorFixture.event("m", "e" + i, time, MonitorFixture.row(r, 0), i % 2))));
      }
      for (var f : sent) {
        f.get();
      }
    }
  }
}
