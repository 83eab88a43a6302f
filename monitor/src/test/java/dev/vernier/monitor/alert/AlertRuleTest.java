package dev.vernier.monitor.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.evaluate.WindowResultJson;
import dev.vernier.monitor.spec.MonitorSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Windows are written as strings, one character per window: {@code D} drift, {@code Q} data
 * quality, {@code B} both, {@code -} neither. The rule sees the result documents of the earlier
 * windows newest first, as MonitorService writes them: arrays {@code violations} and {@code
 * incidents}.
 */
class AlertRuleTest {
  /** Closes the windows one by one; per window, the alerts raised ("" for none). */
  static List<String> alerts(int k, int n, String windows) {
    AlertRule rule = new AlertRule(new MonitorSpec.AlertPolicy(k, n));
    List<JsonNode> previous = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (char c : windows.toCharArray()) {
      Set<String> current = new LinkedHashSet<>();
      if (c == 'D' || c == 'B') {
        current.add("drift");
      }
      if (c == 'Q' || c == 'B') {
        current.add("data_quality");
      }
      AlertRule.Decision d = rule.decide(set(current), docs(previous));
      ObjectNode doc = Json.MAPPER.createObjectNode();
      current.forEach(doc.putArray("violations")::add);
      ids(d.incidents()).forEach(doc.putArray("incidents")::add);
      previous.add(0, doc);
      out.add(String.join(",", ids(d.alerts())));
    }
    return out;
  }

  static Set<ViolationKind> set(Set<String> ids) {
    Set<ViolationKind> out = new LinkedHashSet<>();
    ids.forEach(id -> out.add(ViolationKind.of(id)));
    return out;
  }

  static Set<ViolationKind> set(String... ids) {
    return set(new LinkedHashSet<>(List.of(ids)));
  }

  /** Stored result documents as the rule reads them. */
  static List<WindowKinds> docs(List<JsonNode> docs) {
    return docs.stream().map(WindowResultJson::kinds).toList();
  }

  static List<String> ids(List<ViolationKind> kinds) {
    return kinds.stream().map(ViolationKind::id).toList();
  }

  /** The (1-based) windows that raised an alert of {@code kind}. */
  static List<Integer> alerted(String kind, List<String> alerts) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      if (List.of(alerts.get(i).split(",")).contains(kind)) {
        out.add(i + 1);
      }
    }
    return out;
  }

  static List<Integer> drift(int k, int n, String windows) {
    return alerted("drift", alerts(k, n, windows));
  }

  @Test
  void anIncidentStartsWhenKOfTheLastNWindowsViolate() {
    assertEquals(List.of(2), drift(2, 3, "DD"));
    assertEquals(List.of(3), drift(2, 3, "D-D"), "2 of the last 3");
    assertEquals(List.of(), drift(2, 3, "D--D"), "1 of the last 3: the first D is too old");
    assertEquals(List.of(), drift(3, 3, "DD-DD"), "never 3 of 3");
    assertEquals(List.of(6), drift(3, 3, "DD-DDD"));
    assertEquals(List.of(), drift(2, 3, "D"), "one window cannot make 2 of 3");
  }

  @Test
  void onePersistingIncidentRaisesOneAlert() {
    assertEquals(List.of(2), drift(2, 3, "DDDDDDDDDDDD"));
    assertEquals(List.of(3), drift(3, 5, "DDDDDDDDDDDD"));
    assertEquals(List.of(1), drift(1, 1, "DDDDDDDDDDDD"));
  }

  @Test
  void anIncidentThatEndsAndRestartsRaisesASecondAlert() {
    assertEquals(List.of(2, 7), drift(2, 3, "DDD--DD"));
    assertEquals(List.of(2, 8, 13), drift(2, 3, "DD----DD---DDD"));
  }

  @Test
  void oneCleanWindowInsideAnIncidentDoesNotEndIt() {
    // at the third window drift is still in 2 of the last 3: the incident goes on
    assertEquals(List.of(2), drift(2, 3, "DD-D"));
    assertEquals(List.of(2), drift(2, 3, "DD-DD-DD-D"));
    assertEquals(List.of(2, 9), drift(2, 3, "DD-D--D-D"), "two clean windows end it");
  }

  @Test
  void kOneNOneAlertsOnTheFirstViolationAndAgainAfterEveryGap() {
    assertEquals(List.of(1), drift(1, 1, "D"));
    assertEquals(List.of(2, 5), drift(1, 1, "-DD-D"));
    assertEquals(List.of(1, 3, 5), drift(1, 1, "D-D-D"));
  }

  @Test
  void kindsAreIndependent() {
    List<String> a = alerts(2, 3, "DDBBBDD-QQ");
    assertEquals(List.of(2), alerted("drift", a));
    assertEquals(List.of(4, 10), alerted("data_quality", a));
    assertEquals("drift", a.get(1));
    assertEquals("data_quality", a.get(3), "an ongoing drift incident does not hide it");

    List<String> both = alerts(1, 1, "BB-B");
    assertEquals(List.of("drift,data_quality", "", "", "drift,data_quality"), both);
  }

  @Test
  void anUnknownKindInAStoredResultIsNamedWithTheKindsThatExist() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> WindowResultJson.kinds("{\"violations\":[\"latency\"]}"));
    assertEquals(
        "violation kind must be one of [drift, data_quality, prediction_drift, model_quality],"
            + " got latency",
        e.getMessage());
    assertEquals(WindowKinds.NONE, WindowResultJson.kinds((String) null));
  }

  @Test
  void reportsTheIncidentsOfTheWindow() {
    AlertRule rule = new AlertRule(new MonitorSpec.AlertPolicy(2, 3));
    JsonNode drifted = Json.parse("{\"violations\":[\"drift\"],\"incidents\":[]}", "doc").node;
    AlertRule.Decision d = rule.decide(set("drift", "data_quality"), docs(List.of(drifted)));
    assertEquals(List.of("drift"), ids(d.incidents()), "data quality is in 1 of 3 only");
    assertEquals(List.of("drift"), ids(d.alerts()));
    AlertRule.Decision none = rule.decide(set(), List.of());
    assertEquals(List.of(), none.incidents());
    assertEquals(List.of(), none.alerts());
  }

  @Test
  void looksAtNoMoreThanTheLastNMinusOneEarlierWindows() {
    AlertRule rule = new AlertRule(new MonitorSpec.AlertPolicy(2, 2));
    JsonNode clean = Json.parse("{\"violations\":[],\"incidents\":[]}", "doc").node;
    JsonNode drifted = Json.parse("{\"violations\":[\"drift\"],\"incidents\":[]}", "doc").node;
    assertEquals(
        List.of(), rule.decide(set("drift"), docs(List.of(clean, drifted, drifted))).incidents());
    assertEquals(
        List.of("drift"), ids(rule.decide(set("drift"), docs(List.of(drifted))).incidents()));
  }

  @Test
  void toleratesEarlierDocumentsWithoutTheArrays() {
    AlertRule rule = new AlertRule(new MonitorSpec.AlertPolicy(1, 3));
    JsonNode bare = Json.parse("{\"violations\":\"drift\"}", "doc").node;
    AlertRule.Decision d = rule.decide(set("drift"), docs(List.of(bare, bare)));
    assertEquals(List.of("drift"), ids(d.incidents()));
    assertEquals(List.of("drift"), ids(d.alerts()), "no earlier incident is listed");
  }
}
