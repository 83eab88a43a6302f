package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.data.DataRoots;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.service.BaselinePredictor;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.window.PartitionMark;
import dev.vernier.monitor.window.WindowState;
import dev.vernier.platform.time.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle partitions and the watermark, through a real broker (topics of two partitions) into real
 * SQLite, the consumer's silences measured on a simulated clock: the outside tester's two
 * reproductions (windows of 10 s, 1 s of lateness), a restart in between, and a partition that
 * comes back after being idle. A window closes in the ingestor's own closing pass; the tests call
 * {@link MonitorService#closeReady} themselves before checking that one has not closed.
 */
class IdlePartitionTest {
  /** The first window's start (a multiple of 10 s). */
  static final long T0 = 1_764_000_000_000L;

  static final String WINDOW =
      "'window':{'size':'PT10S','allowedLateness':'PT1S'}"; // closes at end + 1 s

  @TempDir static Path kafkaDir;
  static EmbeddedKafka kafka;

  @TempDir Path dir;

  /** The service's and the consumer's clock; moved only by the tests. */
  final ManualClock clock = new ManualClock(T0 + 60_000);

  final Random random = new Random(17);

  /** The events topic of the test's monitor. */
  String topic;

  @BeforeAll
  static void broker() {
    kafka = EmbeddedKafka.start(kafkaDir.resolve("kafka"));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  @Timeout(240)
  void aPartitionThatDeliveredOnceAndWentQuietStopsHoldingTheWindowsOnceIdle() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      MonitorService s = service(f);
      String id = monitor(s, "quiet", "quiet");
      produce("quiet", 1, "p1-", times(T0, 100, 5)); // T0 .. T0 + 400 ms
      produce("quiet", 0, "p0-", times(T0, 500, 60)); // T0 .. T0 + 29.5 s
      try (Running run = start(f, s, id)) {
        await(f, id, "65 accepted", () -> counter(f, id, "events_accepted") == 65);
        s.closeReady(id);
        assertEquals(
            List.of(WindowState.OPEN, WindowState.OPEN, WindowState.OPEN),
            states(f, id),
            "before the idle timeout the quiet partition holds the watermark at T0 + 400 ms");

        clock.advance(PartitionIdleness.IDLE_TIMEOUT);
        await(f, id, "2 windows closed", () -> counter(f, id, "windows_closed") == 2);
      }
      assertEquals(
          List.of(WindowState.OPEN, WindowState.CLOSED, WindowState.CLOSED), states(f, id));
      assertEquals(List.of(20L, 20L, 25L), events(f, id));

      // a restart (or another replica): the idle marks are in the store, and partition 1, still
      // quiet, holds nothing back while partition 0 goes on, without waiting for a timeout again
      produce("quiet", 0, "p0b-", times(T0 + 30_000, 500, 25)); // .. T0 + 42 s
      try (Running run = start(f, s, id)) {
        await(f, id, "4 windows closed", () -> counter(f, id, "windows_closed") == 4);
      }
      assertEquals(
          List.of(
              WindowState.OPEN,
              WindowState.CLOSED,
              WindowState.CLOSED,
              WindowState.CLOSED,
              WindowState.CLOSED),
          states(f, id));
      assertEquals(List.of(5L, 20L, 20L, 20L, 25L), events(f, id));
      assertEquals(0L, counter(f, id, "events_late"));
    }
  }

  @Test
  @Timeout(240)
  void aLateEventOnAnUnusedIdlePartitionDoesNotHoldTheWindowsAtItsTime() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      MonitorService s = service(f);
      String id = monitor(s, "stray", "stray");
      produce("stray", 0, "a-", times(T0, 500, 50)); // T0 .. T0 + 24.5 s; partition 1 unused
      try (Running run = start(f, s, id)) {
        await(f, id, "2 windows closed", () -> counter(f, id, "windows_closed") == 2);

        produce("stray", 1, "old-", List.of(0L)); // the epoch: its window closed long ago
        await(f, id, "1 late", () -> counter(f, id, "events_late") == 1);
        PartitionMark one = f.store.partitionMarks(id, "stray").get(1);
        assertTrue(
            one.maxEventTime() >= T0 + 24_500,
            "the partition's mark is not moved below the watermark: " + one);

        produce("stray", 0, "b-", times(T0 + 25_000, 500, 40)); // .. T0 + 44.5 s
        await(f, id, "90 accepted", () -> counter(f, id, "events_accepted") == 90);
        s.closeReady(id);
        assertEquals(
            2L,
            counter(f, id, "windows_closed"),
            "partition 1 delivered: it holds the watermark again, where it was, for the timeout");

        clock.advance(PartitionIdleness.IDLE_TIMEOUT);
        await(f, id, "4 windows closed", () -> counter(f, id, "windows_closed") == 4);
      }
      assertEquals(
          List.of(
              WindowState.OPEN,
              WindowState.CLOSED,
              WindowState.CLOSED,
              WindowState.CLOSED,
              WindowState.CLOSED),
          states(f, id));
      assertEquals(List.of(10L, 20L, 20L, 20L, 20L), events(f, id));
      assertEquals(1L, counter(f, id, "events_late"));
    }
  }

  @Test
  @Timeout(240)
  void aPartitionBackFromIdleIsCountedAndHoldsTheWatermarkAgain() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      MonitorService s = service(f);
      String id = monitor(s, "back", "back");
      produce("back", 1, "p1-", times(T0, 100, 5));
      produce("back", 0, "p0-", times(T0, 500, 60));
      try (Running run = start(f, s, id)) {
        await(f, id, "65 accepted", () -> counter(f, id, "events_accepted") == 65);
        clock.advance(PartitionIdleness.IDLE_TIMEOUT);
        await(f, id, "2 windows closed", () -> counter(f, id, "windows_closed") == 2);

        // back: one event in the open window [T0 + 20 s, T0 + 30 s), one in the closed first one
        produce("back", 1, "p1b-", List.of(T0 + 25_000, T0 + 5_000));
        await(f, id, "66 accepted", () -> counter(f, id, "events_accepted") == 66);
        await(f, id, "1 late", () -> counter(f, id, "events_late") == 1);
        assertEquals(
            List.of(WindowState.OPEN, WindowState.CLOSED, WindowState.CLOSED), states(f, id));
        assertEquals(List.of(21L, 20L, 25L), events(f, id), "the closed window is not reopened");

        // partition 1 holds the watermark again (where it was: T0 + 29.5 s) while 0 goes on
        produce("back", 0, "p0b-", times(T0 + 30_000, 500, 20)); // .. T0 + 39.5 s
        await(f, id, "86 accepted", () -> counter(f, id, "events_accepted") == 86);
        s.closeReady(id);
        assertEquals(2L, counter(f, id, "windows_closed"));

        // and moves it with its own events
        produce("back", 1, "p1c-", List.of(T0 + 35_000));
        await(f, id, "3 windows closed", () -> counter(f, id, "windows_closed") == 3);
      }
      assertEquals(
          List.of(WindowState.OPEN, WindowState.CLOSED, WindowState.CLOSED, WindowState.CLOSED),
          states(f, id));
      assertEquals(List.of(21L, 21L, 20L, 25L), events(f, id));
      assertEquals(1L, counter(f, id, "events_late"));
    }
  }

  /** A service on the fixture's store whose clock is {@link #clock}. */
  MonitorService service(MonitorFixture f) {
    return new MonitorService(
        f.store,
        new MonitorSpecParser(new DataRoots(List.of(f.dataRoot)), DriftMethods.names()),
        BaselinePredictor.NONE,
        MonitorMetrics.NONE,
        clock,
        2);
  }

  /** A monitor reading {@code topic} (created with two partitions) in windows of 10 s. */
  String monitor(MonitorService s, String name, String topic) {
    this.topic = topic;
    kafka.createTopic(topic, 2);
    return s.create(
            MonitorFixture.json(
                "{'name':'"
                    + name
                    + "','model':'m','baseline':{'path':'train.csv'},'kafka':{'eventsTopic':'"
                    + topic
                    + "'},"
                    + WINDOW
                    + "}"))
        .id();
  }

  /** A running consumer of the monitor, on {@link #clock}; closing it stops and joins it. */
  Running start(MonitorFixture f, MonitorService s, String id) {
    MonitorSpec spec = s.spec(id).orElseThrow();
    KafkaIngestor ingestor =
        new KafkaIngestor(
            id, spec.kafka(), kafka.clientConfig(), f.store, s, MonitorMetrics.NONE, clock);
    Thread t = new Thread(ingestor, "ingestor-" + id);
    t.start();
    return new Running(ingestor, t);
  }

  record Running(KafkaIngestor ingestor, Thread thread) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      ingestor.close();
      thread.join(30_000);
    }
  }

  /** {@code n} event times from {@code from}, {@code step} ms apart. */
  static List<Long> times(long from, long step, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(from + i * step);
    }
    return out;
  }

  /** Sends one event per time to one partition of {@code topic}, ids {@code tag}0.., and waits. */
  void produce(String topic, int partition, String tag, List<Long> times) throws Exception {
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < times.size(); i++) {
        String event =
            MonitorFixture.event("m", tag + i, times.get(i), MonitorFixture.row(random, 0), 1);
        sent.add(p.send(new ProducerRecord<>(topic, partition, null, event)));
      }
      for (Future<?> s : sent) {
        s.get();
      }
    }
  }

  static long counter(MonitorFixture f, String id, String name) {
    return f.store.counters(id).getOrDefault(name, 0L);
  }

  /** The monitor's windows' states, newest first. */
  static List<WindowState> states(MonitorFixture f, String id) {
    return f.store.windows(id, 20).stream().map(WindowRecord::state).toList();
  }

  /** The monitor's windows' event counts, newest first. */
  static List<Long> events(MonitorFixture f, String id) {
    return f.store.windows(id, 20).stream().map(WindowRecord::events).toList();
  }

  /** Waits at most 60 s for {@code condition}, then fails with the monitor's state. */
  void await(MonitorFixture f, String id, String what, BooleanSupplier condition)
      throws InterruptedException {
    long until = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError(
            "timed out waiting for "
                + what
                + ": counters "
                + new TreeMap<>(f.store.counters(id))
                + ", windows "
                + states(f, id)
                + " "
                + events(f, id)
                + ", partitions "
                + f.store.partitionMarks(id, topic));
      }
      Thread.sleep(50);
    }
  }
}
