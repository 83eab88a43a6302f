package dev.vernier.tuner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.tuner.job.StopDecisionRecord;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.service.TuningService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trial document shows each stop decision with the figures it was made from. */
class TrialDocumentTest {
  @Test
  void stopDecisionsShowTheirInputs() {
    Map<String, Number> in = new LinkedHashMap<>();
    in.put("epoch", 3L);
    in.put("value", 0.812);
    in.put("comparedWith", 7L);
    in.put("percentileValue", 0.845);
    TrialRecord t =
        new TrialRecord(
            1,
            "job-1",
            4,
            TrialState.STOPPED,
            "stopped",
            Map.of("x", 1.0),
            0,
            0.812,
            3,
            2,
            true,
            null,
            "w",
            0L,
            0L,
            1L);
    JsonNode doc =
        Views.detail(
            new TuningService.TrialDetail(
                t,
                List.of(),
                List.of(
                    new StopDecisionRecord(0, 3, "STOP", "below the median", 5L, in),
                    new StopDecisionRecord(0, 2, "CONTINUE", "stored before inputs", 4L))));
    JsonNode d = doc.get("stopDecisions").get(0);
    assertEquals(
        "{\"epoch\":3,\"value\":0.812,\"comparedWith\":7,\"percentileValue\":0.845}",
        d.get("inputs").toString());
    assertEquals("{}", doc.get("stopDecisions").get(1).get("inputs").toString());
  }
}
