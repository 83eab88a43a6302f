package dev.vernier.core.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkerNames}: host names and the names the docs use pass; what could act as a path ({@code
 * .}, {@code ..}, a separator), hide, read as an option, or garble a log line is refused with the
 * field, the rule and the name, its control characters escaped.
 */
class WorkerNamesTest {
  @Test
  void hostNamesAndShortNamesPass() {
    for (String ok :
        new String[] {
          "w",
          "w1",
          "remote-1",
          "gpu_box.lab.example.com",
          "10.0.0.7",
          "local-ip-10-0-0-1.ec2.internal",
          "a".repeat(WorkerNames.MAX_LENGTH)
        }) {
      assertTrue(WorkerNames.isValid(ok), ok);
      assertEquals(ok, WorkerNames.check("name", ok));
    }
  }

  @Test
  void pathLikeHiddenOptionLikeEmptyAndOverlongNamesAreRefused() {
    for (String bad :
        new String[] {
          ".",
          "..",
          "../x",
          "a/b",
          "/etc",
          "a\\b",
          ".hidden",
          "-rf",
          "_x",
          "",
          " w",
          "w 1",
          "é",
          "a".repeat(WorkerNames.MAX_LENGTH + 1)
        }) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> WorkerNames.check("--name", bad), bad);
      assertEquals("--name", e.field());
      assertEquals(WorkerNames.RULE, e.rule());
      assertEquals(bad, e.value());
      assertFalse(WorkerNames.isValid(bad), bad);
    }
  }

  @Test
  void controlCharactersAreRefusedAndShownEscaped() {
    InvalidInputException nul =
        assertThrows(InvalidInputException.class, () -> WorkerNames.check("name", "a\u0000b"));
    assertEquals("a\\u0000b", nul.value());
    InvalidInputException esc =
        assertThrows(
            InvalidInputException.class, () -> WorkerNames.check("name", "w\u001b[2J\n\u007f"));
    assertEquals("w\\u001b[2J\\u000a\\u007f", esc.value());
    assertTrue(esc.getMessage().startsWith("name: must be 1-64 letters"), esc.getMessage());
    assertTrue(esc.getMessage().chars().noneMatch(Character::isISOControl), esc.getMessage());
  }

  @Test
  void anAbsentNameIsRequired() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> WorkerNames.check("name", null));
    assertEquals("name", e.field());
    assertTrue(e.rule().startsWith("is required"), e.rule());
  }
}
