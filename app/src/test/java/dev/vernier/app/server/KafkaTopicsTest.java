package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.spec.TopicAllowList;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the Kafka topics a monitor reads and writes are the administrator's to allow ({@code
 * serve --kafka-topics}), and its consumer group is the service's choice. On a real embedded
 * broker: a monitor stored while its topic was allowed is not consumed after the allow-list changes
 * (its state says why, the server starts); one stored with a group of its own choosing consumes
 * under the service's group.
 */
class KafkaTopicsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  ServerSettings settings(Path data, EmbeddedKafka kafka, TopicAllowList topics) {
    return ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0)
        .withKafka(kafka.clientConfig())
        .withKafkaTopics(topics);
  }

  static String monitor(String name, String kafka) {
    return "{\"name\":\""
        + name
        + "\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
        + "\"window\":{\"events\":100},\"kafka\":"
        + kafka
        + "}";
  }

  /** The 400 a monitor's creation is answered with. */
  static ApiClient.Rejected refused(ApiClient api, String spec) {
    ApiClient.Rejected e =
        assertThrows(ApiClient.Rejected.class, () -> api.post("/api/v1/monitors", spec), spec);
    assertEquals(400, e.status(), e.getMessage());
    return e;
  }

  @Test
  @Timeout(240)
  void topicsMustBeAllowedAndTheServiceChoosesTheGroup() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 1000, 1);
    String payments;
    String legacy;
    String token;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopic("payments", 1);
      kafka.createTopic("inferences.legacy", 1);
      try (VernierServer server =
          VernierServer.start(
              settings(data, kafka, TopicAllowList.all()),
              Clock.systemUTC(),
              new PrintStream(new ByteArrayOutputStream()))) {
        token = server.firstAdminToken();
        ApiClient api = new ApiClient(server.url().toString(), token);
        var r = api.post("/api/v1/monitors", monitor("pay", "{\"eventsTopic\":\"payments\"}"));
        assertEquals(201, r.status(), r.body().toString());
        payments = r.body().path("id").asText();
        assertEquals("vernier-monitor-" + payments, r.body().path("consumerGroup").asText());
        r =
            api.post(
                "/api/v1/monitors",
                monitor(
                    "old",
                    "{\"eventsTopic\":\"inferences.legacy\",\"alertsTopic\":\"inferences.alerts\"}"));
        assertEquals(201, r.status(), r.body().toString());
        legacy = r.body().path("id").asText();
      }
      // a monitor created before issue 13 chose its own group: its stored spec names one
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:sqlite:" + dir.resolve("state").resolve("vernier.db"));
          PreparedStatement s = c.prepareStatement("UPDATE monitor SET spec = ? WHERE id = ?")) {
        s.setString(
            1,
            monitor(
                "old",
                "{\"eventsTopic\":\"inferences.legacy\",\"alertsTopic\":\"inferences.alerts\",\"groupId\":\"someone-else\"}"));
        s.setString(2, legacy);
        assertEquals(1, s.executeUpdate());
      }

      try (VernierServer server =
          VernierServer.start(
              settings(data, kafka, TopicAllowList.of(List.of("inferences\\..*"))),
              Clock.systemUTC(),
              new PrintStream(new ByteArrayOutputStream()))) {
        ApiClient api = new ApiClient(server.url().toString(), token);
        JsonNode shown = api.get("/api/v1/monitors/" + payments).body();
        assertEquals("NOT_CONSUMING", shown.path("state").asText(), shown.toString());
        assertTrue(
            shown.path("stateReason").asText().contains("$.kafka.eventsTopic")
                && shown.path("stateReason").asText().contains("--kafka-topics inferences\\..*"),
            shown.toString());

        ApiClient.Rejected refused =
            refused(api, monitor("pay2", "{\"eventsTopic\":\"payments\"}"));
        assertEquals("$.kafka.eventsTopic", refused.field());
        assertTrue(refused.getMessage().contains("payments"), refused.getMessage());
        assertTrue(refused.rule().contains("--kafka-topics inferences\\..*"), refused.rule());
        refused =
            refused(
                api,
                monitor(
                    "dlq", "{\"eventsTopic\":\"inferences.a\",\"deadLetterTopic\":\"payments\"}"));
        assertEquals("$.kafka.deadLetterTopic", refused.field());
        refused =
            refused(
                api,
                monitor("grp", "{\"eventsTopic\":\"inferences.a\",\"groupId\":\"payments-app\"}"));
        assertEquals("$.kafka.groupId", refused.field());
        // the alerts topic is checked too: the default vernier.alerts is not allowed here
        refused = refused(api, monitor("alerts", "{\"eventsTopic\":\"inferences.a\"}"));
        assertEquals("$.kafka.alertsTopic", refused.field());
        assertTrue(refused.getMessage().contains("vernier.alerts"), refused.getMessage());

        // the monitor stored with its own group consumes, in the service's group
        Map<String, Object> pc = new HashMap<>(kafka.clientConfig());
        try (KafkaProducer<byte[], byte[]> p =
            new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer())) {
          for (String line : MonitorApiTest.events(0, 250, 0).split("\n")) {
            p.send(
                new ProducerRecord<>("inferences.legacy", line.getBytes(StandardCharsets.UTF_8)));
          }
        }
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode old = null;
        while (System.nanoTime() < until) {
          old = api.get("/api/v1/monitors/" + legacy).body();
          if (old.path("counters").path("events_accepted").asLong() >= 250) {
            break;
          }
          Thread.sleep(200);
        }
        assertEquals(250, old.path("counters").path("events_accepted").asLong(), old.toString());
        assertEquals("vernier-monitor-" + legacy, old.path("consumerGroup").asText());
        assertTrue(!((ObjectNode) old.path("spec").path("kafka")).has("groupId"), old.toString());
      }
    }
  }
}
