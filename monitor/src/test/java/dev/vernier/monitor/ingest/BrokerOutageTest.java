package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.storage.MonitorState;
import dev.vernier.monitor.storage.WindowRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped and started again under a live consumer, while records are being produced, and
 * the dead-letter topic missing (auto-creation off) until well after: 20,000 valid events and 2,000
 * poison records, each valid event counted once in its window, each poison record dead-lettered
 * once with its reason, once the topic exists.
 */
class BrokerOutageTest {
  static final int VALID = 20_000;
  static final int EVERY = 11; // every 11th record is poison
  static final int PER_WINDOW = 1_000;
  static final long T0 = 1_764_000_000_000L;
  static final String DLQ = "events.dead-letter";

  @TempDir Path dir;

  /** A record to produce, and the reason its dead letter must give (null for a valid event). */
  record Sent(ProducerRecord<byte[], byte[]> record, String reason) {}

  static List<Sent> records() {
    Random r = new Random(17);
    List<Sent> out = new ArrayList<>();
    int v = 0;
    int b = 0;
    for (int k = 0; v < VALID; k++) {
      boolean bad = k % EVERY == EVERY - 1;
      int i = bad ? b++ : v++;
      long time = T0 + (i / PER_WINDOW) * 1000L + i % PER_WINDOW;
      String event = MonitorFixture.event("m", "e" + i, time, MonitorFixture.row(r, 0), i % 2);
      String key = (bad ? "bad-" : "ok-") + i;
      String reason = null;
      byte[] value = PoisonFuzzTest.utf8(event);
      if (bad) {
        PoisonFuzzTest.Poison p = PoisonFuzzTest.POISONS.get(i % PoisonFuzzTest.POISONS.size());
        value = p.make().apply(event);
        reason = p.reason();
      }
      out.add(
          new Sent(new ProducerRecord<>("events", i % 2, PoisonFuzzTest.utf8(key), value), reason));
    }
    return out;
  }

  static long valid(List<Sent> s) {
    return s.stream().filter(x -> x.reason() == null).count();
  }

  @Test
  @Timeout(400)
  void aBrokerOutageUnderALiveConsumerLosesNothingAndCountsNothingTwice() throws Exception {
    try (EmbeddedKafka kafka =
            EmbeddedKafka.start(
                dir.resolve("kafka"), Map.of("auto.create.topics.enable", "false"));
        MonitorFixture f = new MonitorFixture(dir)) {
      kafka.createTopic("events", 2);
      kafka.createTopic("labels", 1);
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'outage','model':'m','baseline':{'path':'train.csv'},"
                          + "'kafka':{'eventsTopic':'events','labelsTopic':'labels',"
                          + "'deadLetterTopic':'"
                          + DLQ
                          + "'},'window':{'size':'PT1S'}}"))
              .id();
      List<Sent> all = records();
      int n = all.size();
      List<Sent> first = all.subList(0, n / 4);
      List<Sent> during = all.subList(n / 4, n / 2);
      List<Sent> last = all.subList(n / 2, n);
      Map<String, Object> clients = new HashMap<>(kafka.clientConfig());
      clients.put("max.block.ms", 2_000); // a missing dead-letter topic holds a try 2 s, not 10
      KafkaIngestor ingestor =
          new KafkaIngestor(
              id,
              f.service.spec(id).orElseThrow().kafka(),
              clients,
              f.store,
              f.service,
              MonitorMetrics.NONE);
      Thread consumer = new Thread(ingestor, "ingestor");
      consumer.start();
      try {
        send(kafka, first).get();
        await(
            () ->
                accepted(f, id) == valid(first) && rejected(f, id) == first.size() - valid(first));
        // caught up with the first quarter, exactly; the rest is still to come
        assertEquals(valid(first), accepted(f, id));
        assertEquals(
            first.size() - valid(first),
            f.store.pendingDeadLetters(id, 10_000).size(),
            "no dead-letter topic yet: every dead letter waits in the outbox");

        // the second quarter is sent slowly, across the outage: the producer buffers and retries
        CompletableFuture<Void> sending = sendSlowly(kafka, during);
        await(() -> accepted(f, id) > valid(first)); // the consumer is taking them in
        long atStop = accepted(f, id);
        long stopping = System.nanoTime();
        kafka.stopBroker();
        double stopSeconds = (System.nanoTime() - stopping) / 1e9;
        Set<MonitorState> states = new LinkedHashSet<>();
        // down at least 5 s, and until the monitor says so (a quiet period, then an unanswered
        // question to the broker: BrokerWatch), at most 20 s
        long downAtLeast = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long downAtMost = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String reason = null;
        while (System.nanoTime() < downAtMost
            && (System.nanoTime() < downAtLeast || !states.contains(MonitorState.DEGRADED))) {
          var m = f.store.monitor(id).orElseThrow();
          states.add(m.state());
          if (m.state() == MonitorState.DEGRADED) {
            reason = m.stateReason();
          }
          Thread.sleep(100);
        }
        double downSeconds = (System.nanoTime() - stopping) / 1e9;
        assertTrue(
            states.contains(MonitorState.DEGRADED), "the outage shows in the monitor: " + states);
        assertTrue(reason != null && reason.contains("broker does not answer"), reason);
        long whileDown = accepted(f, id);
        kafka.startBroker();
        sending.get();
        System.out.printf(
            "accepted %d when the broker was stopped (it took %.1f s), %d after %.1f s down;"
                + " monitor states while down: %s%n",
            atStop, stopSeconds, whileDown, downSeconds, states);
        long both = valid(first) + valid(during);
        // the second quarter takes 5.5 s to send: the broker stopped in the middle of it, and what
        // was sent after it stopped was consumed only once it was back
        assertTrue(atStop > valid(first) && atStop < both, "mid-stream: " + atStop);
        assertTrue(whileDown < both, "work left after the outage: " + whileDown + " of " + both);
        assertTrue(consumer.isAlive(), "the consumer kept its thread through the outage");

        await(() -> accepted(f, id) == both);
        int badSoFar = first.size() + during.size() - (int) both;
        assertEquals(badSoFar, rejected(f, id));
        assertEquals(
            badSoFar,
            f.store.pendingDeadLetters(id, 10_000).size(),
            "still no dead-letter topic: nothing published, nothing lost");

        kafka.createTopic(DLQ, 1);
        send(kafka, last).get();
        await(() -> accepted(f, id) == VALID && f.store.pendingDeadLetters(id, 1).isEmpty());
        Map<String, String> expected = new HashMap<>();
        for (Sent s : all) {
          if (s.reason() != null) {
            expected.put(new String(s.record().key(), StandardCharsets.UTF_8), s.reason());
          }
        }
        Map<String, Integer> wanted = new TreeMap<>();
        expected.values().forEach(x -> wanted.merge(x, 1, Integer::sum));
        assertEquals(wanted, readDeadLetters(kafka, expected), "dead letters by reason");
        Map<String, Long> counters = f.store.counters(id);
        for (var e : wanted.entrySet()) {
          assertEquals(
              e.getValue().longValue(), counters.get("rejected_" + e.getKey()), e.getKey());
        }
        assertEquals(n - VALID, rejected(f, id), counters.toString());
        assertEquals(VALID, counters.get("events_accepted"), counters.toString());
        assertEquals(0, counters.getOrDefault("events_late", 0L), counters.toString());
        List<WindowRecord> windows = f.store.windows(id, 100);
        assertEquals(VALID / PER_WINDOW, windows.size());
        for (WindowRecord w : windows) {
          assertEquals(PER_WINDOW, w.events(), "window " + w.start());
        }
        await(() -> f.store.counters(id).get("windows_closed") == VALID / PER_WINDOW - 1);
        assertEquals(MonitorState.ACTIVE, f.store.monitor(id).orElseThrow().state());
      } finally {
        ingestor.close();
        consumer.join(30_000);
      }
    }
  }

  static long accepted(MonitorFixture f, String id) {
    return DeadLetterTest.accepted(f, id);
  }

  static long rejected(MonitorFixture f, String id) {
    return DeadLetterTest.rejected(f, id);
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met within 180 s");
      }
      Thread.sleep(100);
    }
  }

  static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put("max.request.size", 8 << 20);
    config.put("delivery.timeout.ms", 180_000); // outlasts the outage
    config.put("max.block.ms", 180_000);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends {@code records} at once (idempotent producer); completes when all are acknowledged. */
  static CompletableFuture<Void> send(EmbeddedKafka kafka, List<Sent> records) {
    return CompletableFuture.runAsync(() -> sendAll(kafka, records, 0));
  }

  /** Sends {@code records} 100 every 100 ms in the background. */
  static CompletableFuture<Void> sendSlowly(EmbeddedKafka kafka, List<Sent> records) {
    return CompletableFuture.runAsync(() -> sendAll(kafka, records, 100));
  }

  private static void sendAll(EmbeddedKafka kafka, List<Sent> records, long pauseMs) {
    try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        sent.add(p.send(records.get(i).record()));
        if (pauseMs > 0 && i % 100 == 99) {
          Thread.sleep(pauseMs);
        }
      }
      for (var x : sent) {
        x.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("sending failed: " + e, e);
    }
  }

  /**
   * Reads the whole dead-letter partition: each bad record once, under its own key, with the reason
   * it deserves; returns the count of each reason.
   */
  static Map<String, Integer> readDeadLetters(EmbeddedKafka kafka, Map<String, String> expected) {
    Map<String, Integer> reasons = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            kafka.clientConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(DLQ, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (c.position(tp) < end && System.nanoTime() < until) {
        for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(200))) {
          String key = new String(rec.key(), StandardCharsets.UTF_8);
          String reason =
              new String(
                  rec.headers().lastHeader(KafkaIngestor.HEADER_REASON).value(),
                  StandardCharsets.UTF_8);
          assertTrue(seen.add(key), "dead-lettered twice: " + key);
          assertEquals(expected.get(key), reason, "the reason of " + key);
          reasons.merge(reason, 1, Integer::sum);
        }
      }
      assertEquals(expected.size(), end, "records in the dead-letter partition");
    }
    assertEquals(expected.size(), seen.size(), "bad records dead-lettered");
    return reasons;
  }
}
