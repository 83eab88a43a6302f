package dev.vernier.monitor.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.DataRoots;
import dev.vernier.monitor.drift.DriftMethods;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code "deduplicate"}: a boolean, true when absent or null (also for a monitor stored before the
 * option), anything else refused naming {@code $.deduplicate}, the rule and the value.
 */
class DeduplicateOptionTest {
  @TempDir Path dir;
  MonitorSpecParser parser;

  @BeforeEach
  void root() throws IOException {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.writeString(root.resolve("train.csv"), "1,0.5\n0,0.25\n");
    parser = new MonitorSpecParser(new DataRoots(List.of(root)), DriftMethods.names());
  }

  @Test
  void trueWhenAbsentAndAsGivenOtherwise() {
    assertTrue(parser.parse(MonitorSpecParserTest.minimal(null, null)).deduplicate());
    // JSON null is an absent member, as for every optional member of a spec
    assertTrue(parser.parse(MonitorSpecParserTest.minimal("deduplicate", "null")).deduplicate());
    assertTrue(parser.parse(MonitorSpecParserTest.minimal("deduplicate", "true")).deduplicate());
    assertFalse(parser.parse(MonitorSpecParserTest.minimal("deduplicate", "false")).deduplicate());
  }

  @Test
  void aMonitorStoredBeforeTheOptionKeepsTheDefault() {
    ObjectNode before = MonitorSpecParserTest.minimal(null, null);
    assertTrue(parser.parseStored(before).deduplicate());
    assertTrue(MonitorSpecParser.storedDeduplicate(before));
    ObjectNode off = MonitorSpecParserTest.minimal("deduplicate", "false");
    assertFalse(parser.parseStored(off).deduplicate());
    assertFalse(MonitorSpecParser.storedDeduplicate(off));
    assertTrue(
        MonitorSpecParser.storedDeduplicate(MonitorSpecParserTest.minimal("deduplicate", "true")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          'false'  | $.deduplicate: must be true or false, got 'false'
          0        | $.deduplicate: must be true or false, got 0
          1.5      | $.deduplicate: must be true or false, got 1.5
          {}       | $.deduplicate: must be true or false, got '{}'
          [false]  | $.deduplicate: must be true or false, got '[false]'
          """)
  void anythingButABooleanIsRefused(String value, String message) {
    ObjectNode spec = MonitorSpecParserTest.minimal("deduplicate", value);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> parser.parse(spec), spec::toString);
    assertEquals("$.deduplicate", e.field());
    assertEquals("must be true or false", e.rule());
    assertEquals(message, e.getMessage());
  }

  @Test
  void theKnownFieldsListIt() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> parser.parse(MonitorSpecParserTest.minimal("dedup", "false")));
    assertEquals("$.dedup", e.field());
    assertTrue(e.rule().contains("deduplicate"), e.rule());
  }
}
