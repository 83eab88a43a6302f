package dev.vernier.monitor.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.event.Rejection.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events of a model "m" with three features: two numeric ones and a categorical "color" whose
 * categories red and blue have the codes 0 and 1.
 */
class EventParserTest {
  static final List<Map<String, Integer>> CATEGORIES =
      Arrays.asList(null, null, Map.of("red", 0, "blue", 1));

  final EventParser parser = new EventParser("m", CATEGORIES);

  static byte[] bytes(String json) {
    return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  InferenceEvent inference(String json) {
    EventParser.Outcome<InferenceEvent> o = parser.inference(bytes(json));
    assertNull(o.rejection(), () -> json + " was rejected: " + o.rejection());
    return o.event();
  }

  /** Asserts the rejection's reason and that its detail contains {@code detail}. */
  Rejection rejected(String json, Reason reason, String detail) {
    EventParser.Outcome<InferenceEvent> o = parser.inference(bytes(json));
    assertNull(o.event(), json);
    assertNotNull(o.rejection(), json);
    assertEquals(reason, o.rejection().reason(), () -> json + ": " + o.rejection());
    assertTrue(o.rejection().detail().contains(detail), () -> json + ": " + o.rejection());
    return o.rejection();
  }

  /** A valid event with member {@code name} set to the JSON {@code value} (added or replaced). */
  static String with(String name, String value) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", "'m'");
    m.put("inferenceId", "'i-1'");
    m.put("eventTime", "7");
    m.put("features", "[1,2,'red']");
    m.put(name, value);
    StringBuilder sb = new StringBuilder("{");
    m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append("'" + k + "':" + v));
    return sb.append('}').toString();
  }

  @Test
  void aParserWithoutIdsChecksThemButKeepsNone() {
    EventParser noIds = parser.withoutIds();
    // the plain shape (read by the scanner) and one only Jackson reads (an ISO time)
    for (String json :
        List.of(with("eventTime", "7"), with("eventTime", "'2026-11-25T10:00:00Z'"))) {
      var o = noIds.inference(bytes(json));
      assertNull(o.rejection(), json);
      assertNull(o.event().inferenceId(), json);
      assertEquals("i-1", parser.inference(bytes(json)).event().inferenceId(), json);
    }
    assertEquals(
        Reason.BAD_ID, noIds.inference(bytes(with("inferenceId", "''"))).rejection().reason());
    String missing = "{'model':'m','eventTime':7,'features':[1,2,'red']}";
    assertEquals(Reason.MISSING_FIELD, noIds.inference(bytes(missing)).rejection().reason());
  }

  @Test
  void readsAnEventWithEpochMillis() {
    InferenceEvent e =
        inference(
            "{'model':'m','inferenceId':'i-1','eventTime':1764000000000,"
                + "'features':[0.5,-2,'blue'],'prediction':3}");
    assertEquals("i-1", e.inferenceId());
    assertEquals(1_764_000_000_000L, e.eventTime());
    assertArrayEquals(new float[] {0.5f, -2f, 1f}, e.features());
    assertArrayEquals(new int[0], e.mismatches());
    assertEquals(3.0, e.prediction());
  }

  @Test
  void readsAnIso8601EventTimeAndSkipsUnknownMembers() {
    InferenceEvent e =
        inference(
            "{'extra':{'a':[1,{'b':2}]},'model':'m','inferenceId':'42',"
                + "'eventTime':'2026-11-25T10:00:00Z','features':[1,2,'red']}");
    assertEquals("42", e.inferenceId());
    assertEquals(1_795_600_800_000L, e.eventTime());
    assertTrue(Double.isNaN(e.prediction()), "no prediction is NaN");
    assertTrue(Double.isNaN(inference(with("prediction", "null")).prediction()));
  }

  @Test
  void nullIsMissingAndAnUnseenCategoryIsMinusOne() {
    InferenceEvent e = inference(with("features", "[null,3.5,'green']"));
    assertTrue(Float.isNaN(e.features()[0]), "null is missing");
    assertEquals(3.5f, e.features()[1]);
    assertEquals(-1f, e.features()[2], "a category the baseline never saw");
    assertArrayEquals(new int[0], e.mismatches());
    InferenceEvent o = inference(with("features", "[1,2,null]"));
    assertTrue(Float.isNaN(o.features()[2]), "a missing category is NaN, not -1");
    assertEquals(-1f, inference(with("features", "[1,2,1]")).features()[2], "an unseen integer");
  }

  @Test
  void refusesFeatureValuesThatCannotBeStoredAndEvaluated() {
    rejected(with("features", "[1,'x','red']"), Reason.BAD_FEATURE, "features[1] must be a number");
    rejected(with("features", "['NaN',2,'red']"), Reason.BAD_FEATURE, "got 'NaN'");
    rejected(with("features", "[1,'3.5','red']"), Reason.BAD_FEATURE, "features[1]");
    rejected(with("features", "[1e400,2,'red']"), Reason.BAD_FEATURE, "features[0] must be");
    rejected(with("features", "[1,-1e400,'red']"), Reason.BAD_FEATURE, "got -1e400");
    rejected(with("features", "[1e39,2,'red']"), Reason.BAD_FEATURE, "32-bit float");
    rejected(with("features", "[{'x':1},2,'red']"), Reason.BAD_FEATURE, "got an object");
    rejected(with("features", "[[2],2,'red']"), Reason.BAD_FEATURE, "got an array");
    rejected(with("features", "[1,true,'red']"), Reason.BAD_FEATURE, "got true");
    rejected(with("features", "[1,2,2.5]"), Reason.BAD_FEATURE, "features[2] must be a category");
    rejected(with("features", "[1,2,false]"), Reason.BAD_FEATURE, "features[2]");
    rejected(with("features", "null"), Reason.BAD_FEATURE, "features must be a JSON array");
    rejected("{'model':'m','inferenceId':'i','eventTime':1,'features':NaN}", Reason.NOT_JSON, "");
    assertEquals(3.4e38f, inference(with("features", "[3.4e38,2,'red']")).features()[0]);
  }

  @Test
  void refusesIdsThatAreNotStringsAndTimesOutOfRange() {
    rejected(with("inferenceId", "42"), Reason.BAD_ID, "got 42");
    rejected(with("inferenceId", "1.5"), Reason.BAD_ID, "inferenceId must be a string");
    rejected(with("inferenceId", "null"), Reason.BAD_ID, "got null");
    rejected(with("eventTime", "-1"), Reason.BAD_EVENT_TIME, "got -1");
    rejected(with("eventTime", "253402300800000"), Reason.BAD_EVENT_TIME, "from 0 to");
    rejected(with("eventTime", "99999999999999999999999"), Reason.BAD_EVENT_TIME, "eventTime");
    rejected(with("eventTime", "1e30"), Reason.BAD_EVENT_TIME, "eventTime");
    rejected(with("eventTime", "null"), Reason.BAD_EVENT_TIME, "got null");
    rejected(with("eventTime", "'+10000-01-01T00:00:00Z'"), Reason.BAD_EVENT_TIME, "got '+10000");
    assertEquals(253_402_300_799_999L, inference(with("eventTime", "253402300799999")).eventTime());
  }

  @Test
  void refusesAFieldGivenTwice() {
    rejected(
        "{'model':'m','inferenceId':'a','inferenceId':'b','eventTime':1,'features':[1,2,'red']}",
        Reason.NOT_JSON,
        "field inferenceId is given more than once");
    assertEquals(7, inference("{'x':1,'x':2," + with("eventTime", "7").substring(1)).eventTime());
  }

  @Test
  void predictionsOfAClassifierAreClassIndicesAndRequiredWhenTheMonitorNeedsThem() {
    EventParser strict = new EventParser("m", CATEGORIES, 10, true);
    String noPrediction = "{'model':'m','inferenceId':'i','eventTime':1,'features':[1,2,'red']}";
    for (String json : List.of(noPrediction, with("prediction", "null"))) {
      var o = strict.inference(bytes(json));
      assertEquals(Reason.MISSING_FIELD, o.rejection().reason(), json);
      assertTrue(o.rejection().detail().startsWith("prediction is required"), json);
    }
    for (String bad : List.of("10", "-1", "2.5", "1e300")) {
      var o = strict.inference(bytes(with("prediction", bad)));
      assertEquals(Reason.BAD_PREDICTION, o.rejection().reason(), bad);
      assertTrue(o.rejection().detail().contains("integer from 0 to 9"), o.rejection().detail());
    }
    assertEquals(9.0, strict.inference(bytes(with("prediction", "9"))).event().prediction());
    assertEquals(
        9.0, strict.withoutIds().inference(bytes(with("prediction", "9.0"))).event().prediction());
    assertEquals(
        Reason.MISSING_FIELD,
        strict.withoutIds().inference(bytes(noPrediction)).rejection().reason());
    // labels follow the same class rule
    assertEquals(
        Reason.BAD_LABEL,
        strict.label(bytes("{'inferenceId':'i','label':12}")).rejection().reason());
    assertEquals(3.0, strict.label(bytes("{'inferenceId':'i','label':3}")).event().label());
    // a parser without rules takes any finite prediction, or none
    assertTrue(Double.isNaN(inference(noPrediction).prediction()));
    assertEquals(-2.5, inference(with("prediction", "-2.5")).prediction());
    rejected(with("prediction", "1e400"), Reason.BAD_PREDICTION, "finite number, got 1e400");
  }

  @Test
  void readsLabelEvents() {
    EventParser.Outcome<LabelEvent> o =
        parser.label(bytes("{'inferenceId':'i-1','eventTime':5,'label':1,'note':'x'}"));
    assertEquals(new LabelEvent("i-1", 5, 1.0), o.event());
    assertNull(o.rejection());
    assertEquals(
        new LabelEvent("i-2", 0, 2.5),
        parser.label(bytes("{'inferenceId':'i-2','label':2.5}")).event(),
        "the event time of a label is optional");

    Rejection noLabel = parser.label(bytes("{'inferenceId':'i-1','label':null}")).rejection();
    assertEquals(Reason.MISSING_FIELD, noLabel.reason());
    assertTrue(noLabel.detail().contains("label"), noLabel.detail());
    Rejection noId = parser.label(bytes("{'label':1}")).rejection();
    assertEquals(Reason.MISSING_FIELD, noId.reason());
    assertTrue(noId.detail().contains("inferenceId"), noId.detail());
    Rejection text = parser.label(bytes("{'inferenceId':'i-1','label':'cat'}")).rejection();
    assertEquals(Reason.BAD_LABEL, text.reason());
    assertTrue(text.detail().startsWith("label must be a finite number"), text.detail());
    assertEquals(
        Reason.BAD_LABEL,
        parser.label(bytes("{'inferenceId':'i-1','label':1e400}")).rejection().reason());
    assertEquals(
        Reason.BAD_ID, parser.label(bytes("{'inferenceId':7,'label':1}")).rejection().reason());
    assertEquals(
        Reason.NOT_JSON, parser.label(bytes("{'inferenceId':'i-1',")).rejection().reason());
    assertEquals(Reason.NOT_AN_OBJECT, parser.label(bytes("[1]")).rejection().reason());
  }

  @Test
  void rejectsWhatIsNotJson() {
    rejected("hello", Reason.NOT_JSON, "");
    rejected("{'model':'m','inferenceId':'i-1'", Reason.NOT_JSON, "");
    rejected("{'model':'m','inferenceId':'i-1','eventTime':7,'features':[1,2", Reason.NOT_JSON, "");
    rejected(with("prediction", "1") + " garbage", Reason.NOT_JSON, "");
    rejected(with("prediction", "1") + "{}", Reason.NOT_JSON, "trailing content");
  }

  @Test
  void rejectsWhatIsNotAnObject() {
    rejected("[1,2,3]", Reason.NOT_AN_OBJECT, "must be a JSON object");
    rejected("'event'", Reason.NOT_AN_OBJECT, "must be a JSON object");
    rejected("42", Reason.NOT_AN_OBJECT, "must be a JSON object");
  }

  @Test
  void rejectsAMissingFieldNamingIt() {
    rejected(
        "{'inferenceId':'i-1','eventTime':7,'features':[1,2,'red']}",
        Reason.MISSING_FIELD,
        "model is required");
    rejected(
        "{'model':'m','eventTime':7,'features':[1,2,'red']}",
        Reason.MISSING_FIELD,
        "inferenceId is required");
    rejected(
        "{'model':'m','inferenceId':'i-1','features':[1,2,'red']}",
        Reason.MISSING_FIELD,
        "eventTime is required");
    rejected(
        "{'model':'m','inferenceId':'i-1','eventTime':7}",
        Reason.MISSING_FIELD,
        "features is required");
  }

  @Test
  void rejectsAnotherModelsEvent() {
    rejected(with("model", "'other'"), Reason.WRONG_MODEL, "model must be 'm', got 'other'");
    rejected(with("model", "'M'"), Reason.WRONG_MODEL, "got 'M'");
  }

  @Test
  void rejectsTooFewOrTooManyFeatures() {
    rejected(with("features", "[1,2]"), Reason.WRONG_FEATURE_COUNT, "must have 3 values, got 2");
    rejected(with("features", "[]"), Reason.WRONG_FEATURE_COUNT, "must have 3 values, got 0");
    rejected(with("features", "[1,2,'red',4]"), Reason.WRONG_FEATURE_COUNT, "got more");
  }

  @Test
  void rejectsAnEventTimeThatIsNeitherMillisNorAnInstant() {
    rejected(with("eventTime", "'yesterday'"), Reason.BAD_EVENT_TIME, "eventTime must be");
    rejected(with("eventTime", "'2026-11-25'"), Reason.BAD_EVENT_TIME, "got '2026-11-25'");
    rejected(with("eventTime", "1.5"), Reason.BAD_EVENT_TIME, "got 1.5");
    rejected(with("eventTime", "true"), Reason.BAD_EVENT_TIME, "eventTime");
  }

  @Test
  void rejectsAValueOfTheWrongTypeNamingTheField() {
    rejected(
        with("prediction", "'3'"), Reason.BAD_PREDICTION, "prediction must be a finite number");
    rejected(with("prediction", "[3]"), Reason.BAD_PREDICTION, "got an array");
    rejected(with("inferenceId", "{'id':1}"), Reason.BAD_ID, "inferenceId must be a string");
    rejected(with("inferenceId", "''"), Reason.BAD_ID, "inferenceId must be a string");
    rejected(with("inferenceId", "'" + "x".repeat(201) + "'"), Reason.BAD_ID, "1 to 200");
    assertEquals(
        200, inference(with("inferenceId", "'" + "x".repeat(200) + "'")).inferenceId().length());
    rejected(with("features", "{'a':1}"), Reason.BAD_FEATURE, "features must be a JSON array");
  }

  @Test
  void reasonsHaveStableLowerCaseLabels() {
    assertEquals("not_json", Reason.NOT_JSON.label());
    assertEquals("wrong_feature_count", Reason.WRONG_FEATURE_COUNT.label());
  }

  @Test
  void reusingTheParserLeaksNothingBetweenEvents() {
    InferenceEvent a =
        inference(
            "{'model':'m','inferenceId':'a','eventTime':1,"
                + "'features':[1,null,'blue'],'prediction':4}");
    // a rejected event that got part-way through the features
    rejected(with("features", "[9,9]"), Reason.WRONG_FEATURE_COUNT, "got 2");
    InferenceEvent b =
        inference("{'model':'m','inferenceId':'b','eventTime':2," + "'features':[5,6,'red']}");
    assertArrayEquals(new float[] {5, 6, 0}, b.features());
    assertTrue(Double.isNaN(b.prediction()), "a's prediction is not b's");
    assertEquals(1f, a.features()[0], "a's features are its own copy");
    assertTrue(Float.isNaN(a.features()[1]));
    assertEquals(1f, a.features()[2]);
    rejected(
        "{'model':'m','eventTime':3,'features':[1,2,'red']}",
        Reason.MISSING_FIELD,
        "inferenceId is required");
  }
}
