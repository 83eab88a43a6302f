package dev.vernier.monitor.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ConstraintsTest {
  @Test
  void suggestsFromTheBaseline() {
    Baseline b = Baselines.smallBaseline();
    Constraints c = b.constraints();
    assertEquals(FeatureConstraint.numeric("x", 0.8 - 0.05, new NumericRange(1, 4)), c.feature(0));
    assertEquals(FeatureConstraint.numeric("y", 0.95, new NumericRange(7, 7)), c.feature(1));
    assertEquals(
        FeatureConstraint.categorical("color", 0.75, List.of("red", "green", "blue")),
        c.feature(2));
    assertNull(c.feature(3).range(), "no range check without baseline values");
    assertEquals(0.0, c.feature(3).minCompleteness(), 0);
  }

  @Test
  void marginsWidenTheRangeAndKeepOnlySeenCategories() {
    float[] f = {0, 0, 10, 1, 5, 0, Float.NaN, 0};
    var d = new dev.vernier.core.data.Dataset("d", 4, 2, f, null);
    Schema s =
        new Schema(
            List.of(
                FeatureSchema.numeric("v"),
                FeatureSchema.categorical("c", List.of("a", "b", "unused"))),
            null);
    Constraints c =
        new BaselineBuilder(d, Baselines.CLOCK)
            .schema(s)
            .margins(new Constraints.Margins(0.1, 0.5))
            .build()
            .constraints();
    assertEquals(new NumericRange(-5, 15), c.feature(0).range());
    assertEquals(0.65, c.feature(0).minCompleteness(), 1e-12);
    assertEquals(List.of("a", "b"), c.feature(1).allowedCategories());
    assertEquals(0.9, c.feature(1).minCompleteness(), 1e-12);
  }

  @Test
  void editedDocumentRoundTrips() {
    Baseline b = Baselines.smallBaseline();
    String text = ConstraintsCodec.write(b.constraints());
    assertEquals(b.constraints(), ConstraintsCodec.read(text, b.schema()));

    ObjectNode doc = ConstraintsCodec.toJson(b.constraints());
    feature(doc, 0).putObject("range").put("min", -1).put("max", 9);
    feature(doc, 2).putArray("allowedCategories").add("blue");
    feature(doc, 3).remove("range");
    Constraints edited = ConstraintsCodec.read(doc.toString(), b.schema());
    assertEquals(new NumericRange(-1, 9), edited.feature(0).range());
    assertEquals(List.of("blue"), edited.feature(2).allowedCategories());
    assertEquals(edited, b.withConstraints(edited).constraints());
  }

  @Test
  void errorsNameTheJsonPathTheRuleAndTheValue() {
    bad(
        d -> feature(d, 0).putObject("range").put("min", 5).put("max", 2),
        "$.features[0].range.min",
        "$.features[0].range.min: must be <= max, got 5 > 2");
    bad(
        d -> feature(d, 1).put("minCompleteness", 1.5),
        "$.features[1].minCompleteness",
        "must be between 0 and 1, got 1.5");
    bad(
        d -> feature(d, 2).putArray("allowedCategories").add("red").add("purple"),
        "$.features[2].allowedCategories[1]",
        "must be one of the schema's categories [red, green, blue], got 'purple'");
    bad(
        d -> feature(d, 2).putArray("allowedCategories").add("red").add("red"),
        "$.features[2].allowedCategories[1]",
        "repeats $.features[2].allowedCategories[0]");
    bad(d -> feature(d, 1).put("name", "z"), "$.features[1].name", "must be 'y'");
    bad(d -> feature(d, 1).put("type", "CATEGORICAL"), "$.features[1].type", "must be NUMERIC");
    bad(d -> feature(d, 1).put("type", "TEXT"), "$.features[1].type", "must be one of");
    bad(d -> feature(d, 0).put("rnage", 1), "$.features[0].rnage", "is not a known field");
    bad(
        d -> feature(d, 2).putObject("range").put("min", 0).put("max", 1),
        "$.features[2].range",
        "only a numeric feature has a range");
    bad(
        d -> feature(d, 2).remove("allowedCategories"),
        "$.features[2].allowedCategories",
        "is required");
    bad(
        d -> feature(d, 0).remove("minCompleteness"),
        "$.features[0].minCompleteness",
        "is required");
    bad(
        d -> feature(d, 0).putObject("range").put("min", "zero").put("max", 1),
        "$.features[0].range.min",
        "must be a number, got 'zero'");
    bad(d -> d.withArray("features").remove(3), "$.features", "must list the schema's 4 features");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ConstraintsCodec.read("{\"features\": [", Baselines.smallSchema()));
    assertEquals("$", e.field());
  }

  private static ObjectNode feature(ObjectNode doc, int i) {
    return (ObjectNode) doc.withArray("features").get(i);
  }

  private static void bad(Consumer<ObjectNode> edit, String field, String message) {
    Baseline b = Baselines.smallBaseline();
    ObjectNode doc = ConstraintsCodec.toJson(b.constraints());
    edit.accept(doc);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> ConstraintsCodec.read(doc.toString(), b.schema()));
    assertEquals(field, e.field(), e.getMessage());
    if (!e.getMessage().contains(message)) {
      throw new AssertionError("'" + e.getMessage() + "' lacks '" + message + "'");
    }
  }
}
