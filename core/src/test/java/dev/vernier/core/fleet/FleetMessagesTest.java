package dev.vernier.core.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vernier.core.json.Json;
import org.junit.jupiter.api.Test;

/**
 * The worker protocol across versions: a worker reads what an older service sends (a channel
 * without the data-root name this version added) and what a newer one sends (fields it does not
 * know yet are skipped, so a service can add one without stopping every older worker).
 */
class FleetMessagesTest {
  static final String ASSIGNMENT =
      """
      {"leaseId": "l-1", "jobId": "j", "trialId": 7, "trialNumber": 2, "attempt": 0,
       "algorithm": "mlp", "command": null, "hyperparameters": {"epochs": "2"},
       "channels": {"train": {"path": "/srv/data/train.csv", "labels": null, "format": "auto"%s}},
       "seed": 5, "objectiveMetric": "validation:accuracy", "metricDefinitions": {},
       "maxRuntimeSeconds": 0, "heartbeatSeconds": 10%s}
      """;

  @Test
  void anOlderServicesAssignmentReadsWithoutNames() throws Exception {
    TrialAssignment a = Json.MAPPER.readValue(ASSIGNMENT.formatted("", ""), TrialAssignment.class);
    assertEquals("/srv/data/train.csv", a.channels().get("train").path());
    assertNull(a.channels().get("train").name());
  }

  @Test
  void aNewerServicesFieldsAreSkipped() throws Exception {
    TrialAssignment a =
        Json.MAPPER.readValue(
            ASSIGNMENT.formatted(
                ", \"name\": \"train.csv\", \"checksum\": \"abc\"", ", \"priority\": 3"),
            TrialAssignment.class);
    assertEquals("train.csv", a.channels().get("train").name());
    assertEquals(2, a.trialNumber());
    HeartbeatReply r =
        Json.MAPPER.readValue(
            "{\"directive\": \"STOP\", \"reason\": \"r\", \"at\": 1}", HeartbeatReply.class);
    assertEquals(HeartbeatReply.Directive.STOP, r.directive());
  }
}
