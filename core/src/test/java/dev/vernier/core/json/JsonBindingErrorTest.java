package dev.vernier.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.TrialReport;
import org.junit.jupiter.api.Test;

/**
 * A body bound by Jackson that does not fit its type is refused in the API's words: the field's
 * path, the rule and the value sent, never a Java type's name (Jackson's own messages name them).
 */
class JsonBindingErrorTest {
  private static InvalidInputException refuse(String body) {
    return refuse(body, "$");
  }

  private static InvalidInputException refuse(String body, String root) {
    JsonProcessingException e =
        assertThrows(
            JsonProcessingException.class, () -> Json.MAPPER.readValue(body, TrialReport.class));
    InvalidInputException x = Json.bindingError(e, "a trial report", root);
    assertFalse(x.getMessage().contains("dev.vernier"), x.getMessage());
    assertFalse(x.getMessage().contains("java."), x.getMessage());
    return x;
  }

  @Test
  void eachKindOfMismatchNamesTheFieldTheRuleAndTheValue() {
    InvalidInputException array = refuse("[]");
    assertEquals("$", array.field());
    assertEquals("must be a trial report, a JSON object", array.rule());
    assertEquals("array", array.value());

    InvalidInputException empty = refuse("");
    assertEquals("$", empty.field());
    assertEquals("nothing (an empty body)", empty.value());

    InvalidInputException outcome = refuse("{\"outcome\": \"DONE\"}");
    assertEquals("$.outcome", outcome.field());
    assertEquals("must be one of [COMPLETED, STOPPED, FAILED]", outcome.rule());
    assertEquals("DONE", outcome.value());

    InvalidInputException number = refuse("{\"outcome\": \"COMPLETED\", \"objective\": \"abc\"}");
    assertEquals("$.objective", number.field());
    assertEquals("must be a number", number.rule());
    assertEquals("abc", number.value());

    InvalidInputException object = refuse("{\"outcome\": \"COMPLETED\", \"objective\": [1]}");
    assertEquals("$.objective", object.field());
    assertEquals("must be a number", object.rule());
    assertEquals("array", object.value());

    InvalidInputException unknown = refuse("{\"outcome\": \"COMPLETED\", \"objectve\": 0.5}");
    assertEquals("$.objectve", unknown.field());
    assertTrue(unknown.rule().startsWith("is not a field of a trial report"), unknown.rule());
    assertTrue(unknown.rule().contains("objective"), "lists the fields: " + unknown.rule());

    // bare field names, as the fleet protocol's other errors have them; the whole body stays $
    assertEquals("objective", refuse("{\"objective\": \"abc\"}", "").field());
    assertEquals("$", refuse("[]", "").field());
    assertEquals("must be a trial report, a JSON object", refuse("[]", "").rule());

    InvalidInputException malformed = refuse("{\"outcome\": ");
    assertEquals("$", malformed.field());
    assertTrue(malformed.rule().startsWith("the body is not valid JSON"), malformed.rule());
  }
}
