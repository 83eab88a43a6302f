package dev.vernier.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class InputErrorsTest {
  static final class Special extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    Special() {
      super("$.name", "already exists", "x");
    }
  }

  @Test
  void noErrorsThrowsNothing() {
    InputErrors errors = new InputErrors();
    assertEquals("v", errors.check(() -> "v"));
    errors.throwIfAny();
  }

  @Test
  void oneErrorIsThrownAsItIs() {
    InputErrors errors = new InputErrors();
    Special s = new Special();
    errors.check(
        () -> {
          throw s;
        });
    assertSame(s, assertThrows(Special.class, errors::throwIfAny));
  }

  @Test
  void severalAreListedInOrderTheFirstBeingTheExceptionsOwn() {
    InputErrors errors = new InputErrors();
    errors.add("$.a", "must be a number", "x");
    errors.add(
        new InvalidInputException(
            List.of(
                new InvalidInputException.Error("$.b", "is required", null),
                new InvalidInputException.Error("$.c", "must be positive", -1.0))));
    InvalidInputException e = assertThrows(InvalidInputException.class, errors::throwIfAny);
    assertEquals(
        List.of("$.a", "$.b", "$.c"),
        e.errors().stream().map(InvalidInputException.Error::field).toList());
    assertEquals("$.a", e.field());
    assertEquals("must be a number", e.rule());
    assertEquals(
        "$.a: must be a number, got 'x'\n$.b: is required\n$.c: must be positive, got -1.0",
        e.getMessage());
  }
}
