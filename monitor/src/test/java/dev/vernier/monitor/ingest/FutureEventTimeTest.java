package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.data.DataRoots;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.Rejection;
import dev.vernier.monitor.service.BaselinePredictor;
import dev.vernier.monitor.service.HttpIngestion;
import dev.vernier.monitor.service.MonitorService;
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
 * An event time far ahead of the ingest time (the service's clock) is refused ({@code
 * future_event_time}) over HTTP and Kafka alike, so it cannot move the watermark past every window
 * of current traffic: the windows after it still close with all their events.
 */
class FutureEventTimeTest {
  @TempDir Path dir;

  /** Year 9999, the latest event time the parser's rules allow. */
  static final long YEAR_9999 = EventParser.MAX_EVENT_TIME;

  /** Window starts of the current traffic: one-second windows from here. */
  static final long T0 = 1_764_000_000_000L;

  /** The service's clock, a little after the current traffic's last window. */
  final ManualClock clock = new ManualClock(T0 + 10_000);

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

  /** 100 events in the one-second window starting at {@code start}, ids {@code tag}-0.. */
  static List<String> window(Random r, long start, String tag) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      out.add(MonitorFixture.event("m", tag + "-" + i, start + i * 5, MonitorFixture.row(r, 0), 1));
    }
    return out;
  }

  static List<byte[]> bytes(List<String> records) {
    return records.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
  }

  @Test
  void theBoundIsTheSkewAheadOfTheInjectedClock() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      MonitorService s = service(f);
      String id =
          s.create(
                  MonitorFixture.json(
                      "{'name':'skew','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'size':'PT1S','maxFutureSkew':'PT1M'}}"))
              .id();
      EventParser parser = s.parser(id);
      Random r = new Random(1);
      long now = clock.millis();
      assertNotNull(parse(parser, now + 60_000, r).event(), "exactly the skew ahead: accepted");
      EventParser.Outcome<?> ahead = parse(parser, now + 60_001, r);
      assertNull(ahead.event());
      assertEquals(Rejection.Reason.FUTURE_EVENT_TIME, ahead.rejection().reason());
      assertEquals("future_event_time", ahead.rejection().reason().label());
      clock.advance(1);
      assertNotNull(parse(parser, now + 60_001, r).event(), "the clock moved: accepted now");
      assertNotNull(parse(parser, 0, r).event(), "the past is not bounded by this rule");
    }
  }

  private static EventParser.Outcome<?> parse(EventParser parser, long time, Random r) {
    return parser.inference(
        MonitorFixture.event("m", "x", time, MonitorFixture.row(r, 0), 1)
            .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void overHttpAYear9999EventIsRefusedAndLaterWindowsStillCloseWithAllTheirEvents()
      throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      MonitorService s = service(f);
      String id =
          s.create(
                  MonitorFixture.json(
                      "{'name':'future-http','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'size':'PT1S'}}"))
              .id();
      Random r = new Random(2);
      s.ingestHttp(id, bytes(window(r, T0, "a")), false, null);
      String future = MonitorFixture.event("m", "far", YEAR_9999, MonitorFixture.row(r, 0), 1);
      HttpIngestion.Result refused =
          s.ingestHttp(id, bytes(List.of(window(r, T0 + 1000, "b").get(0), future)), false, null);
      assertEquals(1, refused.result().accepted());
      assertEquals(1, refused.rejected().size(), refused.rejected().toString());
      ObjectNode why = refused.rejected().get(0);
      assertEquals(1, why.path("index").asInt());
      assertEquals("future_event_time", why.path("reason").asText());
      String detail = why.path("detail").asText();
      assertTrue(detail.contains("9999-12-31T23:59:59.999Z"), detail);
      assertTrue(detail.contains(Long.toString(YEAR_9999)), detail);
      assertTrue(
          detail.contains(java.time.Instant.ofEpochMilli(clock.millis()).toString()), detail);
      assertTrue(detail.contains("PT1H"), detail);

      // current traffic goes on: each window closes once the next one's events arrive, whole
      s.ingestHttp(id, bytes(window(r, T0 + 1000, "b").subList(1, 100)), false, null);
      s.ingestHttp(id, bytes(window(r, T0 + 2000, "c")), false, null);
      s.ingestHttp(id, bytes(window(r, T0 + 3000, "d")), false, null);
      List<WindowRecord> closed =
          f.store.windows(id, 10).stream().filter(w -> w.state() == WindowState.CLOSED).toList();
      assertEquals(
          List.of(T0 + 2000, T0 + 1000, T0),
          closed.stream().map(WindowRecord::start).toList(),
          "the windows before the newest closed, newest first");
      for (WindowRecord w : closed) {
        assertEquals(100, w.events(), "window " + w.start());
      }
      Map<String, Long> c = f.store.counters(id);
      assertEquals(1L, c.get("rejected_future_event_time"), c.toString());
      assertEquals(400L, c.get("events_accepted"), c.toString());
      assertEquals(0L, c.getOrDefault("events_late", 0L), c.toString());
    }
  }

  @Test
  @Timeout(180)
  void overKafkaAYear9999EventIsDeadLetteredAndLaterWindowsStillClose() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        MonitorFixture f = new MonitorFixture(dir)) {
      kafka.createTopic("inferences", 1);
      kafka.createTopic("inferences.dead-letter", 1);
      MonitorService s = service(f);
      var m =
          s.create(
              MonitorFixture.json(
                  "{'name':'future-kafka','model':'m','baseline':{'path':'train.csv'},"
                      + "'kafka':{'eventsTopic':'inferences'},'window':{'size':'PT1S'}}"));
      MonitorSpec spec = s.spec(m.id()).orElseThrow();
      Random r = new Random(3);
      List<String> records = new ArrayList<>(window(r, T0, "a"));
      String future = MonitorFixture.event("m", "far", YEAR_9999, MonitorFixture.row(r, 0), 1);
      records.add(future);
      records.addAll(window(r, T0 + 1000, "b"));
      records.addAll(window(r, T0 + 2000, "c"));
      records.addAll(window(r, T0 + 3000, "d"));
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < records.size(); i++) {
          p.send(new ProducerRecord<>("inferences", Integer.toString(i), records.get(i)));
        }
      }
      KafkaIngestor ingestor =
          new KafkaIngestor(
              m.id(), spec.kafka(), kafka.clientConfig(), f.store, s, MonitorMetrics.NONE);
      Thread t = new Thread(ingestor, "ingestor");
      t.start();
      try {
        DeadLetterTest.await(
            () ->
                DeadLetterTest.accepted(f, m.id()) == 400
                    && f.store.counters(m.id()).getOrDefault("windows_closed", 0L) == 3);
      } finally {
        ingestor.close();
        t.join(30_000);
      }
      Map<String, Long> c = f.store.counters(m.id());
      assertEquals(1L, c.get("rejected_future_event_time"), c.toString());
      assertEquals(3L, c.get("windows_closed"), c.toString());
      for (WindowRecord w : f.store.windows(m.id(), 10)) {
        assertEquals(100, w.events(), "window " + w.start() + " " + w.state());
      }
      assertEquals(
          WindowState.OPEN,
          f.store.windows(m.id(), 1).get(0).state(),
          "the newest window waits for later traffic");

      // the refused record is on the dead-letter topic, as sent, with its reason and detail
      Map<String, Object> cc = new java.util.HashMap<>(kafka.clientConfig());
      cc.put("group.id", "dlq-reader");
      cc.put("auto.offset.reset", "earliest");
      List<ConsumerRecord<String, String>> letters = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(cc, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of("inferences.dead-letter"));
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (letters.isEmpty() && System.nanoTime() < until) {
          consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
        }
      }
      assertEquals(1, letters.size());
      ConsumerRecord<String, String> letter = letters.get(0);
      assertEquals(future, letter.value());
      assertEquals("100", letter.key());
      assertEquals(
          "future_event_time",
          new String(
              letter.headers().lastHeader(KafkaIngestor.HEADER_REASON).value(),
              StandardCharsets.UTF_8));
      String detail =
          new String(
              letter.headers().lastHeader(KafkaIngestor.HEADER_DETAIL).value(),
              StandardCharsets.UTF_8);
      assertTrue(detail.contains("9999-12-31T23:59:59.999Z") && detail.contains("PT1H"), detail);
    }
  }
}
