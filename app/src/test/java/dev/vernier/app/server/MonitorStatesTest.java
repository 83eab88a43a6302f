package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Monitors that cannot run as stored: one reading Kafka on a server without Kafka (refused, or
 * shown NOT_CONSUMING) and one whose baseline file is gone (DEGRADED while the others work).
 */
class MonitorStatesTest extends MonitorFixture {
  /**
   * Issue 12: a monitor that reads Kafka on a server without Kafka said ACTIVE. Its creation is
   * refused (409 naming $.kafka); one stored earlier (by a server that had Kafka) shows
   * NOT_CONSUMING with the reason.
   */
  @Test
  void aMonitorReadingKafkaOnAServerWithoutKafkaIsRefusedOrShownNotConsuming() throws Exception {
    String spec =
        "{\"name\":\"kafka-here\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"kafka\":{\"eventsTopic\":\"inferences\"}}";
    HttpResponse<String> refused = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(409, refused.statusCode(), refused.body());
    JsonNode problem = JSON.readTree(refused.body());
    assertEquals("$.kafka", problem.path("field").asText(), refused.body());
    assertTrue(problem.path("detail").asText().contains("--embedded-kafka"), refused.body());
    assertTrue(
        !call("GET", "/api/v1/monitors", reader, null).body().contains("kafka-here"),
        "nothing was stored");

    String id =
        server
            .monitors()
            .service()
            .create(JSON.readTree(spec.replace("kafka-here", "kafka-before")))
            .id();
    JsonNode shown = JSON.readTree(call("GET", "/api/v1/monitors/" + id, reader, null).body());
    assertEquals("NOT_CONSUMING", shown.path("state").asText(), shown.toString());
    assertTrue(shown.path("stateReason").asText().contains("no Kafka"), shown.toString());
    JsonNode listed = JSON.readTree(call("GET", "/api/v1/monitors", reader, null).body());
    for (JsonNode m : listed.path("monitors")) {
      if (m.path("id").asText().equals(id)) {
        assertEquals("NOT_CONSUMING", m.path("state").asText());
      } else if (!m.path("spec").has("kafka")) {
        assertEquals("ACTIVE", m.path("state").asText(), m.toString());
      }
    }
  }

  /**
   * A monitor whose baseline file is gone does not break the list for everyone: it is shown as
   * stored, and once its model must be loaded again (as after a restart) it is DEGRADED with the
   * reason while the others work.
   */
  @Test
  void aMonitorWhoseBaselineFileIsGoneIsShownDegradedAndTheOthersWork() throws Exception {
    Path data = dir.resolve("datasets");
    Files.copy(data.resolve("train.csv"), data.resolve("sw_del.csv"));
    String spec =
        "{\"name\":\"gone-baseline\",\"model\":\"lin\",\"baseline\":{\"path\":\"sw_del.csv\"},"
            + "\"window\":{\"events\":1000}}";
    HttpResponse<String> created = call("POST", "/api/v1/monitors", submitter, spec);
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("id").asText();
    Files.delete(data.resolve("sw_del.csv"));
    server.monitors().service().forget(id); // as another replica, or this one after a restart

    HttpResponse<String> list = call("GET", "/api/v1/monitors", reader, null);
    assertEquals(200, list.statusCode(), list.body());
    assertTrue(JSON.readTree(list.body()).path("monitors").size() >= 2, list.body());
    assertEquals(200, call("GET", "/api/v1/monitors/" + id, reader, null).statusCode());

    JsonNode shown = null;
    for (int i = 0; i < 100; i++) {
      shown = JSON.readTree(call("GET", "/api/v1/monitors/" + id, reader, null).body());
      if (shown.path("state").asText().equals("DEGRADED")) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("DEGRADED", shown.path("state").asText(), shown.toString());
    assertEquals(
        "baseline sw_del.csv: no such file under the data roots",
        shown.path("stateReason").asText(),
        shown.toString());
    assertEquals(200, call("GET", "/api/v1/monitors", reader, null).statusCode());
  }
}
