package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.json.Json;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.delivery.AlertPublisher;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.ingest.KafkaIngestor;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.retrain.Retrainer;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.window.WindowState;
import dev.vernier.platform.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels that arrive before their event wait for it, at most the label horizon on the service's
 * clock, and join it when it comes: the window's model quality counts them as if they had come
 * after it. Over HTTP and over Kafka with separate topics for events and labels. A label whose
 * event does not come expires once the horizon has passed, on the monitor's periodic work (the
 * runner's tick, a consumer's empty polls) even when no batch comes, with a simulated clock.
 */
class EarlyLabelsTest {
  @TempDir Path dir;

  final ManualClock clock = new ManualClock(1_764_000_000_000L);

  MonitorService service(MonitorFixture f) {
    return new MonitorService(
        f.store,
        new MonitorSpecParser(new DataRoots(List.of(f.dataRoot)), DriftMethods.names()),
        LateLabelsTest.PERFECT,
        MonitorMetrics.NONE,
        clock,
        2);
  }

  /**
   * 200 events e0..e199 whose predictions are right for even i and wrong for odd i, and their true
   * labels.
   */
  record Traffic(List<String> events, List<String> labels) {
    static Traffic of(long seed) {
      Random r = new Random(seed);
      List<String> events = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        float[] x = MonitorFixture.row(r, 0);
        int truth = x[0] + x[1] > 0 ? 1 : 0;
        int predicted = i % 2 == 0 ? truth : 1 - truth;
        events.add(MonitorFixture.event("m", "e" + i, 1_000 + i, x, predicted));
        labels.add("{\"inferenceId\":\"e" + i + "\",\"label\":" + truth + "}");
      }
      return new Traffic(events, labels);
    }
  }

  static List<byte[]> bytes(List<String> records) {
    return records.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
  }

  static JsonNode closedResult(MonitorFixture f, String id) {
    WindowRecord w = f.store.windows(id, 1).get(0);
    assertEquals(WindowState.CLOSED, w.state());
    return Json.parse(w.resultJson(), "result").node;
  }

  @Test
  void overHttpLabelsPostedBeforeTheirEventsJoinAndCountInTheWindowsModelQuality()
      throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir, LateLabelsTest.PERFECT, MonitorMetrics.NONE)) {
      MonitorService s = service(f);
      String id =
          s.create(
                  MonitorFixture.json(
                      "{'name':'early','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':200},'labelHorizon':'PT1H'}"))
              .id();
      Traffic t = Traffic.of(4);
      HttpIngestion.Result labels = s.ingestHttp(id, bytes(t.labels()), true, null);
      assertEquals(0, labels.result().labelsJoined());
      assertEquals(200, labels.result().labelsWaiting());
      assertEquals(0, labels.result().labelsUnmatched());
      // the same label again: a duplicate, counted once
      HttpIngestion.Result again = s.ingestHttp(id, bytes(t.labels().subList(0, 1)), true, null);
      assertEquals(1, again.result().labelsUnmatched());
      assertEquals(0, again.result().labelsWaiting());

      clock.advance(Duration.ofMinutes(30));
      HttpIngestion.Result events = s.ingestHttp(id, bytes(t.events()), false, null);
      assertEquals(200, events.result().accepted());
      assertEquals(200, events.result().labelsJoined(), "the waiting labels joined");
      assertEquals(0, f.store.waitingLabels(id));
      JsonNode result = closedResult(f, id);
      assertEquals(200, result.at("/modelQuality/labels").asInt(), result.toString());
      assertEquals(0.5, result.at("/modelQuality/accuracy").asDouble(), 1e-12);
      Map<String, Long> c = f.store.counters(id);
      assertEquals(200L, c.get("labels_joined"), c.toString());
      assertEquals(200L, c.get("labels_waited"), c.toString());
      assertEquals(1L, c.get("labels_unmatched"), c.toString());
      assertEquals(null, c.get("windows_reevaluated"), "joined before the window closed");
    }
  }

  @Test
  void aLabelWhoseEventDoesNotComeWithinTheHorizonExpiresAsUnmatched() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir, LateLabelsTest.PERFECT, MonitorMetrics.NONE)) {
      MonitorService s = service(f);
      String id =
          s.create(
                  MonitorFixture.json(
                      "{'name':'expiring','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':200},'labelHorizon':'PT10S'}"))
              .id();
      Traffic t = Traffic.of(5);
      assertEquals(
          2,
          s.ingestHttp(id, bytes(t.labels().subList(0, 2)), true, null).result().labelsWaiting());
      clock.advance(Duration.ofSeconds(10));
      // e0 comes exactly at the horizon and joins
      assertEquals(
          1,
          s.ingestHttp(id, bytes(t.events().subList(0, 1)), false, null).result().labelsJoined());
      assertEquals(1, f.store.waitingLabels(id));
      clock.advance(1);
      // e1's label has waited longer than the horizon: the next batch drops it
      assertEquals(
          0,
          s.ingestHttp(id, bytes(t.events().subList(1, 2)), false, null).result().labelsJoined());
      assertEquals(0, f.store.waitingLabels(id));
      Map<String, Long> c = f.store.counters(id);
      assertEquals(1L, c.get("labels_joined"), c.toString());
      assertEquals(1L, c.get("labels_unmatched"), c.toString());
      assertEquals(1L, c.get("labels_wait_expired"), c.toString());
    }
  }

  /**
   * On a quiet monitor (no batch after the labels), the labels waiting for their events expire on
   * the runner's tick once the horizon has passed on the service's clock, not only when a batch is
   * stored.
   */
  @Test
  void onAQuietMonitorWaitingLabelsExpireOnTheRunnersTick() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir, LateLabelsTest.PERFECT, MonitorMetrics.NONE)) {
      MonitorService s = service(f);
      String id =
          s.create(
                  MonitorFixture.json(
                      "{'name':'quiet','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':200},'labelHorizon':'PT10M'}"))
              .id();
      Traffic t = Traffic.of(7);
      assertEquals(
          3,
          s.ingestHttp(id, bytes(t.labels().subList(0, 3)), true, null).result().labelsWaiting());
      MonitorRunner runner =
          new MonitorRunner(
              s,
              null,
              MonitorMetrics.NONE,
              new AlertPublisher(f.store, s::alertPayload, null, clock, Duration.ofSeconds(1), 3),
              new Retrainer(f.store, f.store, f.store, null, dir.resolve("out"), s::spec, clock));
      try {
        clock.advance(Duration.ofMinutes(10));
        runner.tick();
        assertEquals(3, f.store.waitingLabels(id), "exactly the horizon: still waiting");
        clock.advance(1);
        runner.tick();
        assertEquals(0, f.store.waitingLabels(id), "past the horizon: dropped by the tick");
        Map<String, Long> c = f.store.counters(id);
        assertEquals(3L, c.get("labels_unmatched"), c.toString());
        assertEquals(3L, c.get("labels_wait_expired"), c.toString());
        runner.tick();
        assertEquals(3L, f.store.counters(id).get("labels_wait_expired"), "counted once");
        // their events come too late: nothing joins
        assertEquals(
            0,
            s.ingestHttp(id, bytes(t.events().subList(0, 3)), false, null).result().labelsJoined());
      } finally {
        runner.close();
      }
    }
  }

  /**
   * A Kafka monitor's consumer runs the monitor's periodic work on its empty polls: labels read
   * before their events expire once the service's clock passes their horizon, with no batch after
   * them.
   */
  @Test
  @Timeout(180)
  void overKafkaWaitingLabelsExpireOnTheConsumersIdlePolls() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        MonitorFixture f = new MonitorFixture(dir, LateLabelsTest.PERFECT, MonitorMetrics.NONE)) {
      kafka.createTopic("inferences", 1);
      kafka.createTopic("labels", 1);
      kafka.createTopic("inferences.dead-letter", 1);
      MonitorService s = service(f);
      var m =
          s.create(
              MonitorFixture.json(
                  "{'name':'quiet-kafka','model':'m','baseline':{'path':'train.csv'},"
                      + "'kafka':{'eventsTopic':'inferences','labelsTopic':'labels'},"
                      + "'window':{'events':200},'labelHorizon':'PT1H'}"));
      MonitorSpec spec = s.spec(m.id()).orElseThrow();
      Traffic t = Traffic.of(8);
      KafkaIngestor ingestor =
          new KafkaIngestor(
              m.id(), spec.kafka(), kafka.clientConfig(), f.store, s, MonitorMetrics.NONE);
      Thread consumer = new Thread(ingestor, "ingestor");
      consumer.start();
      try {
        try (KafkaProducer<String, String> p =
            new KafkaProducer<>(
                kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
          for (int i = 0; i < 20; i++) {
            p.send(new ProducerRecord<>("labels", "e" + i, t.labels().get(i)));
          }
        }
        await(() -> counter(f, m.id(), "labels_waited") == 20);
        assertEquals(20, f.store.waitingLabels(m.id()));
        clock.advance(Duration.ofHours(1).plusMillis(1));
        await(() -> f.store.waitingLabels(m.id()) == 0);
      } finally {
        ingestor.close();
        consumer.join(30_000);
      }
      Map<String, Long> c = f.store.counters(m.id());
      assertEquals(20L, c.get("labels_wait_expired"), c.toString());
      assertEquals(20L, c.get("labels_unmatched"), c.toString());
      assertEquals(0L, counter(f, m.id(), "events_accepted"), "no batch of events came");
    }
  }

  @Test
  @Timeout(180)
  void overKafkaLabelsReadBeforeTheirEventsFromAnotherTopicJoin() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        MonitorFixture f = new MonitorFixture(dir, LateLabelsTest.PERFECT, MonitorMetrics.NONE)) {
      kafka.createTopic("inferences", 2);
      kafka.createTopic("labels", 2);
      kafka.createTopic("inferences.dead-letter", 1);
      MonitorService s = service(f);
      var m =
          s.create(
              MonitorFixture.json(
                  "{'name':'early-kafka','model':'m','baseline':{'path':'train.csv'},"
                      + "'kafka':{'eventsTopic':'inferences','labelsTopic':'labels'},"
                      + "'window':{'events':200},'labelHorizon':'PT1H'}"));
      MonitorSpec spec = s.spec(m.id()).orElseThrow();
      Traffic t = Traffic.of(6);
      KafkaIngestor ingestor =
          new KafkaIngestor(
              m.id(), spec.kafka(), kafka.clientConfig(), f.store, s, MonitorMetrics.NONE);
      Thread consumer = new Thread(ingestor, "ingestor");
      consumer.start();
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
        // every label first: the consumer reads them all before any event exists
        for (int i = 0; i < 200; i++) {
          p.send(new ProducerRecord<>("labels", "e" + i, t.labels().get(i)));
        }
        p.flush();
        await(() -> counter(f, m.id(), "labels_waited") == 200);
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 200; i++) {
          p.send(new ProducerRecord<>("inferences", "e" + i, t.events().get(i)));
        }
      }
      try {
        await(() -> counter(f, m.id(), "windows_closed") == 1);
      } finally {
        ingestor.close();
        consumer.join(30_000);
      }
      Map<String, Long> c = f.store.counters(m.id());
      assertEquals(200L, c.get("labels_joined"), c.toString());
      assertEquals(0L, c.getOrDefault("labels_unmatched", 0L), c.toString());
      assertEquals(0, f.store.waitingLabels(m.id()));
      JsonNode result = closedResult(f, m.id());
      assertEquals(200, result.at("/modelQuality/labels").asInt(), result.toString());
      assertEquals(0.5, result.at("/modelQuality/accuracy").asDouble(), 1e-12);
    }
  }

  static long counter(MonitorFixture f, String id, String name) {
    return f.store.counters(id).getOrDefault(name, 0L);
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
