package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.ingest.KafkaIngestor;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.window.WindowState;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * An inference sent again (an HTTP client's retry without an idempotency key, a Kafka producer's
 * retry) counts once: in its window's statistics as in the label join, which uses the first
 * prediction; the repeats are counted in {@code events_duplicate}.
 */
class DuplicateEventsTest {
  @TempDir Path dir;

  @Test
  void overHttpARepeatedEventCountsOnceAndItsLabelJoinsTheFirstPrediction() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir, LateLabelsTest.PERFECT, MonitorMetrics.NONE)) {
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      "{'name':'repeats','model':'m','baseline':{'path':'train.csv'},"
                          + "'window':{'events':200},'labelHorizon':'PT1H'}"))
              .id();
      // 200 events whose predictions are all right; their repeats carry other features (shifted
      // by 5) and the wrong prediction: accuracy 1.0 if the first predictions count, 0.5 if the
      // repeats of the first half replaced theirs
      Random r = new Random(12);
      List<String> events = new ArrayList<>();
      List<String> repeats = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        float[] x = MonitorFixture.row(r, 0);
        int truth = x[0] + x[1] > 0 ? 1 : 0;
        int predicted = truth;
        events.add(MonitorFixture.event("m", "e" + i, 1_000 + i, x, predicted));
        float[] shifted = x.clone();
        for (int j = 0; j < shifted.length; j++) {
          shifted[j] += 5;
        }
        repeats.add(MonitorFixture.event("m", "e" + i, 1_000 + i, shifted, 1 - predicted));
        labels.add("{\"inferenceId\":\"e" + i + "\",\"label\":" + truth + "}");
      }
      MonitorService s = f.service;
      assertEquals(
          200,
          s.ingestHttp(id, EarlyLabelsTest.bytes(labels), true, null).result().labelsWaiting());
      HttpIngestion.Result first =
          s.ingestHttp(id, EarlyLabelsTest.bytes(events.subList(0, 100)), false, null);
      assertEquals(100, first.result().accepted());
      assertEquals(100, first.result().labelsJoined());

      // the first half sent again, and one event twice in one post
      List<String> again = new ArrayList<>(repeats.subList(0, 100));
      HttpIngestion.Result repeated = s.ingestHttp(id, EarlyLabelsTest.bytes(again), false, null);
      assertEquals(0, repeated.result().accepted());
      assertEquals(100, repeated.result().duplicates());
      assertEquals(0, repeated.result().labelsJoined());
      List<String> rest = new ArrayList<>(events.subList(100, 200));
      rest.add(events.get(150));
      HttpIngestion.Result second = s.ingestHttp(id, EarlyLabelsTest.bytes(rest), false, null);
      assertEquals(100, second.result().accepted());
      assertEquals(1, second.result().duplicates(), "e150 twice in the post");
      assertEquals(100, second.result().labelsJoined());

      List<WindowRecord> windows = f.store.windows(id, 10);
      assertEquals(1, windows.size(), "one window of 200 events, nothing left over");
      assertEquals(WindowState.CLOSED, windows.get(0).state());
      assertEquals(200, windows.get(0).events());
      JsonNode result = EarlyLabelsTest.closedResult(f, id);
      assertEquals(200, result.at("/modelQuality/labels").asInt(), result.toString());
      assertEquals(
          1.0,
          result.at("/modelQuality/accuracy").asDouble(),
          1e-12,
          "the first predictions, not the repeats'");
      assertEquals(
          "false", result.at("/drift/drifted").toString(), "the shifted repeats were not counted");
      Map<String, Long> c = f.store.counters(id);
      assertEquals(200L, c.get("events_accepted"), c.toString());
      assertEquals(101L, c.get("events_duplicate"), c.toString());
      assertEquals(200L, c.get("labels_joined"), c.toString());
    }
  }

  /**
   * A monitor without a labels topic counts ids once too: every event produced twice (as a
   * producer's retry does) fills one count window of 300 events, not two.
   */
  @Test
  @Timeout(180)
  void overKafkaEveryEventProducedTwiceCountsOnce() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        MonitorFixture f = new MonitorFixture(dir)) {
      kafka.createTopic("inferences", 2);
      kafka.createTopic("inferences.dead-letter", 1);
      var m =
          f.service.create(
              MonitorFixture.json(
                  "{'name':'kafka-repeats','model':'m','baseline':{'path':'train.csv'},"
                      + "'kafka':{'eventsTopic':'inferences'},'window':{'events':300}}"));
      MonitorSpec spec = f.service.spec(m.id()).orElseThrow();
      KafkaIngestor ingestor =
          new KafkaIngestor(
              m.id(), spec.kafka(), kafka.clientConfig(), f.store, f.service, MonitorMetrics.NONE);
      Thread consumer = new Thread(ingestor, "ingestor");
      consumer.start();
      Random r = new Random(13);
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              kafka.clientConfig(), new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 300; i++) {
          String e = MonitorFixture.event("m", "k" + i, 1_000 + i, MonitorFixture.row(r, 0), 1);
          p.send(new ProducerRecord<>("inferences", "k" + i, e));
          p.send(new ProducerRecord<>("inferences", "k" + i, e));
        }
      }
      try {
        EarlyLabelsTest.await(
            () ->
                EarlyLabelsTest.counter(f, m.id(), "events_accepted")
                        + EarlyLabelsTest.counter(f, m.id(), "events_duplicate")
                    == 600);
        EarlyLabelsTest.await(() -> EarlyLabelsTest.counter(f, m.id(), "windows_closed") == 1);
      } finally {
        ingestor.close();
        consumer.join(30_000);
      }
      Map<String, Long> c = f.store.counters(m.id());
      assertEquals(300L, c.get("events_accepted"), c.toString());
      assertEquals(300L, c.get("events_duplicate"), c.toString());
      List<WindowRecord> windows = f.store.windows(m.id(), 10);
      assertEquals(1, windows.size(), windows.toString());
      assertEquals(300, windows.get(0).events());
    }
  }
}
