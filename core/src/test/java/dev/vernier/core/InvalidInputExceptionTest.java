package dev.vernier.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidInputExceptionTest {

  @Test
  void numbersAreBareAndTextIsQuoted() {
    assertEquals(
        "percentile: must be between 1 and 100, got 150.0",
        new InvalidInputException("percentile", "must be between 1 and 100", 150.0).getMessage());
    assertEquals("x: r, got 2", new InvalidInputException("x", "r", 2).getMessage());
    assertEquals("x: r, got 0.25", new InvalidInputException("x", "r", 0.25).getMessage());
    assertEquals("x: r, got 1.0E20", new InvalidInputException("x", "r", 1e20).getMessage());
    assertEquals("x: r, got NaN", new InvalidInputException("x", "r", Double.NaN).getMessage());
    assertEquals(
        "x: r, got Infinity",
        new InvalidInputException("x", "r", Double.POSITIVE_INFINITY).getMessage());
    assertEquals("x: r, got '2'", new InvalidInputException("x", "r", "2").getMessage());
    assertEquals("x: r", new InvalidInputException("x", "r", null).getMessage());
  }

  @Test
  void aListedErrorReadsAsTheSingleOne() {
    // a problem document's detail and errors[] are built from Error.message()
    InvalidInputException one = new InvalidInputException("$.a", "must be between 0 and 1", 2.0);
    InvalidInputException text = new InvalidInputException("$.b", "is unknown", "abc");
    InvalidInputException both =
        new InvalidInputException(List.of(one.errors().get(0), text.errors().get(0)));
    assertEquals(one.getMessage(), both.errors().get(0).message());
    assertEquals(text.getMessage(), both.errors().get(1).message());
    assertEquals(
        "$.a: must be between 0 and 1, got 2.0\n$.b: is unknown, got 'abc'", both.getMessage());
    assertEquals("2.0", both.value());
  }

  @Test
  void renamedKeepsRuleValueAndQuoting() {
    InvalidInputException number = new InvalidInputException("decision", "must be > 0", -1);
    InvalidInputException renamed = number.at("--decision");
    assertEquals("--decision: must be > 0, got -1", renamed.getMessage());
    assertEquals("--decision", renamed.field());
    assertEquals("must be > 0", renamed.rule());
    assertEquals("-1", renamed.value());
    assertSame(number, renamed.getCause());
    assertEquals(
        "f: is unknown, got 'x'",
        new InvalidInputException("g", "is unknown", "x").at("f").getMessage());
  }

  @Test
  void aLongValueIsCut() {
    String m = new InvalidInputException("x", "r", "a".repeat(200)).getMessage();
    assertEquals("x: r, got '" + "a".repeat(77) + "...'", m);
  }
}
