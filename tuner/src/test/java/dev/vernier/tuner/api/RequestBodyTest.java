package dev.vernier.tuner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * A request body ({@link Views#parse}: jobs, SageMaker requests, workers' calls) is exactly one
 * JSON document. Read leniently, {@code {...} xyz} and {@code {...}{}} were accepted (201) with the
 * rest dropped, and {@code "maxTrials": 1, "maxTrials": 5000} kept the last value.
 */
class RequestBodyTest {
  private static InvalidInputException refused(String body) {
    return assertThrows(InvalidInputException.class, () -> Views.parse(body));
  }

  @Test
  void nothingMayFollowTheDocument() {
    for (String body :
        new String[] {
          "{\"name\": \"a\"} xyz", "{\"name\": \"a\"}{}", "{} 5", "[1] [2]", "{}\n\"x\"", "{},"
        }) {
      InvalidInputException e = refused(body);
      assertEquals("$", e.field(), body);
      assertTrue(e.rule().startsWith("nothing may follow the JSON document"), e.getMessage());
    }
    assertEquals(
        "$: nothing may follow the JSON document (found more at line 2, column 1)",
        refused("{\"a\": 1}\n{}").getMessage());
    // whitespace after it is fine, and so is an empty body (the caller names what is missing)
    assertEquals(1, Views.parse("{\"a\": 1}  \n\t ").path("a").asInt());
    assertTrue(Views.parse("").isMissingNode());
    assertTrue(Views.parse(null).isMissingNode());
  }

  @Test
  void aFieldGivenTwiceIsRefusedNamingItsPath() {
    InvalidInputException e =
        refused("{\"name\": \"a\", \"limits\": {\"maxTrials\": 1, \"maxTrials\": 5000}}");
    assertEquals("$.limits.maxTrials", e.field());
    assertEquals(
        "$.limits.maxTrials: is given twice in its object; each field may appear once",
        e.getMessage());
    assertEquals("$.name", refused("{\"name\": \"a\", \"name\": \"b\"}").field());
    assertEquals(
        "$.warmStart.parents[1].x",
        refused("{\"warmStart\": {\"parents\": [{}, {\"x\": 1, \"x\": 1}]}}").field());
    // the same name in different objects is no repeat
    assertEquals(
        2,
        Views.parse("{\"a\": {\"n\": 1}, \"b\": {\"n\": 2}, \"n\": 3}")
            .path("b")
            .path("n")
            .asInt());
  }

  @Test
  void malformedJsonIsStillBadInputAtTheRoot() {
    InvalidInputException e = refused("{not json");
    assertEquals("$", e.field());
    assertTrue(e.rule().startsWith("the body is not valid JSON"), e.getMessage());
  }

  /**
   * Jackson's messages carry advice on its own parser features and a description of its source; a
   * user sees what is wrong and where.
   */
  @Test
  void malformedJsonSaysWhereWithoutTheParsersInternals() {
    for (String body :
        new String[] {"{\"a\": NaN}", "{\"a\": 1,}", "{\"a\":", "{'a': 1}", "{\"a\": tru}"}) {
      String rule = refused(body).rule();
      assertTrue(rule.contains("(line 1, column "), body + " -> " + rule);
      assertTrue(
          !rule.contains("JsonReadFeature") && !rule.contains("Source"), body + " -> " + rule);
    }
    String rule = refused("{\"a\": NaN}").rule();
    assertTrue(
        rule.startsWith("the body is not valid JSON: Non-standard token 'NaN' (line 1"), rule);
  }
}
