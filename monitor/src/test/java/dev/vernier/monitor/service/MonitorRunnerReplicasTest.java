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
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.retrain.Retrainer;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.sql.SqlMonitorStore;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Two service processes' monitor runners (two stores, each its own pool, on one PostgreSQL
 * database) and the embedded broker: a monitor created through one is consumed by both within a
 * tick (each holds partitions of its 3-partition topic, and every event is counted once), and when
 * it is deleted through one, the other's consumer stops.
 */
class MonitorRunnerReplicasTest {
  static final int CHUNK = 300;

  @TempDir Path dir;

  /** One replica: its store, service and runner. */
  private static final class Replica implements AutoCloseable {
    final Database db;
    final SqlMonitorStore store;
    final MonitorService service;
    final MonitorRunner runner;

    Replica(String url, Path dataRoot, java.util.Map<String, Object> kafka, Path out) {
      PostgresServer pg = PostgresServer.shared();
      db = Database.postgres(url, pg.user(), "", 4);
      store = new SqlMonitorStore(db.dataSource(), db.dialect());
      service =
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
      // no alert is raised here: the retrainer never reaches the tuner
      Retrainer retrainer =
          new Retrainer(store, store, store, null, out, service::spec, Clock.systemUTC());
      runner = new MonitorRunner(service, kafka, MonitorMetrics.NONE, publisher, retrainer);
      runner.start(Duration.ofMillis(200));
    }

    @Override
    public void close() {
      runner.close();
      db.close();
    }
  }

  @Test
  @Timeout(180)
  void aMonitorCreatedOrDeletedOnOneReplicaIsFollowedByTheOther() throws Exception {
    Path dataRoot = Files.createDirectories(dir.resolve("data"));
    SyntheticEvents.writeBaseline(dataRoot.resolve("train.csv"), 2000, 11);
    String url = PostgresServer.shared().newDatabase();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopic("events", 3);
      var config = new java.util.HashMap<String, Object>(kafka.clientConfig());
      config.put("session.timeout.ms", 6000);
      config.put("heartbeat.interval.ms", 1000);
      try (Replica a = new Replica(url, dataRoot, config, dir.resolve("out-a"));
          Replica b = new Replica(url, dataRoot, config, dir.resolve("out-b"))) {
        String id =
            a.service
                .create(
                    MonitorFixture.json(
                        "{'name':'replicated','model':'m','baseline':{'path':'train.csv'},"
                            + "'kafka':{'eventsTopic':'events'},'window':{'events':1000}}"))
                .id();
        a.runner.started(id);
        await(() -> b.runner.consuming().contains(id));
        assertTrue(a.runner.consuming().contains(id));

        // events until each replica's consumer has read some: both hold partitions
        int produced = 0;
        long until = System.nanoTime() + 90_000_000_000L;
        while ((a.runner.consumerLag(id).isEmpty() || b.runner.consumerLag(id).isEmpty())
            && System.nanoTime() < until) {
          produce(kafka, produced, produced + CHUNK);
          produced += CHUNK;
          Thread.sleep(100);
        }
        assertFalse(a.runner.consumerLag(id).isEmpty(), "replica a read records");
        assertFalse(b.runner.consumerLag(id).isEmpty(), "replica b read records");
        int total = produced;
        await(() -> accepted(a, id) >= total);
        Thread.sleep(1000); // anything beyond would be a double count
        assertEquals(total, accepted(b, id));
        long inWindows = 0;
        for (WindowRecord w : b.store.windows(id, 1000)) {
          inWindows += w.events();
          if (w.state() == dev.vernier.monitor.window.WindowState.CLOSED) {
            assertEquals(1000, w.events(), "window " + w.start());
          }
        }
        assertEquals(total, inWindows);
        System.out.printf("%,d events over two replicas, each counted once%n", total);

        // deleted through a (as its REST API does): b's consumer stops within a tick
        a.runner.deleted(id, () -> assertTrue(a.service.delete(id)));
        await(() -> !b.runner.consuming().contains(id));
        assertFalse(a.runner.consuming().contains(id), "a deleted monitor is not started again");
      }
    }
  }

  private static long accepted(Replica r, String id) {
    return r.store.counters(id).getOrDefault("events_accepted", 0L);
  }

  private static void produce(EmbeddedKafka kafka, int from, int to) throws Exception {
    Random r = new Random(from);
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = from; i < to; i++) {
        sent.add(
            p.send(
                new ProducerRecord<>(
                    "events",
                    i % 3,
                    null,
                    MonitorFixture.event("m", "e" + i, 1000L + i, MonitorFixture.row(r, 0), 1))));
      }
      for (Future<?> s : sent) {
        s.get();
      }
    }
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
