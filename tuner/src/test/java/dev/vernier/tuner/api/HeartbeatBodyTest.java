package dev.vernier.tuner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.EpochUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A heartbeat's metrics are numbers or nothing: read leniently, {@code true} became 1.0 and {@code
 * "abc"} 0.0, and under {@code aggregation: best} such an epoch became the trial's objective (seen
 * over HTTP: a trial that ended at 0.6 stored 1.0, "objective from epoch 4 of 5").
 */
class HeartbeatBodyTest {
  private static List<EpochUpdate> parse(String body) {
    return FleetController.epochUpdates(Views.parse(body));
  }

  private static String refused(String body) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(body));
    return e.getMessage();
  }

  @Test
  void numbersAndNonFiniteValuesAsJacksonWritesThemAreRead() {
    List<EpochUpdate> u =
        parse(
            "{\"epochs\": [{\"epoch\": 1, \"metrics\": {\"a\": 0.5, \"b\": 1e400, \"c\": \"NaN\","
                + " \"d\": \"-Infinity\", \"e\": 3}}, {\"epoch\": 2}]}");
    assertEquals(2, u.size());
    assertEquals(0.5, u.get(0).metrics().get("a"));
    assertEquals(Double.POSITIVE_INFINITY, u.get(0).metrics().get("b"));
    assertTrue(Double.isNaN(u.get(0).metrics().get("c")));
    assertEquals(Double.NEGATIVE_INFINITY, u.get(0).metrics().get("d"));
    assertEquals(3.0, u.get(0).metrics().get("e"));
    assertTrue(u.get(1).metrics().isEmpty());
    assertTrue(parse("{}").isEmpty(), "a heartbeat that only says it lives");
  }

  @Test
  void anythingElseIsRefusedNamingTheMetric() {
    assertEquals(
        "epochs[1].metrics.validation:accuracy: must be a number (NaN, Infinity, -Infinity may be"
            + " strings), got 'abc'",
        refused(
            "{\"epochs\": [{\"epoch\": 1, \"metrics\": {\"validation:accuracy\": 0.5}},"
                + " {\"epoch\": 2, \"metrics\": {\"validation:accuracy\": \"abc\"}}]}"));
    for (String v : new String[] {"true", "null", "{}", "[1]"}) {
      String m =
          refused("{\"epochs\": [{\"epoch\": 1, \"metrics\": {\"validation:loss\": " + v + "}}]}");
      assertTrue(m.startsWith("epochs[0].metrics.validation:loss: must be a number"), m);
    }
    assertTrue(refused("{\"epochs\": {}}").startsWith("epochs: must be a JSON array"));
    assertTrue(refused("{\"epochs\": [{\"metrics\": []}]}").startsWith("epochs[0].metrics: "));
    assertTrue(refused("[]").startsWith("$: must be a JSON object"));
    assertTrue(refused("{\"epochs\": [{\"epoch\": 0}]}").startsWith("epochs[0].epoch: "));
  }
}
