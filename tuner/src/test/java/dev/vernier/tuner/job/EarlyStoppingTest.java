package dev.vernier.tuner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.DataRoots;
import dev.vernier.tuner.stopping.MedianRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code earlyStopping}: off, auto, or the median rule's object form, each field checked. */
class EarlyStoppingTest {
  @TempDir Path dir;
  JobSpecParser parser;

  @BeforeEach
  void setUp() throws Exception {
    Path root = Files.createDirectories(dir.resolve("data"));
    Files.writeString(root.resolve("train.csv"), "0,1\n");
    parser =
        new JobSpecParser(
            JobSpecParserTest.CATALOG,
            Set.of(),
            List.of("random", "bayesian"),
            new DataRoots(List.of(root)));
  }

  JobSpec parse(String earlyStopping) throws Exception {
    ObjectNode j = JobSpecParserTest.valid();
    j.set("earlyStopping", JobSpecParserTest.JSON.readTree(earlyStopping));
    return parser.parse(j);
  }

  void bad(String earlyStopping, String message) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(earlyStopping));
    assertEquals(message, e.getMessage());
  }

  @Test
  void autoIsTheMedianRuleWithItsDefaultsAndOffHasNone() throws Exception {
    JobSpec auto = parse("\"auto\"");
    assertEquals("auto", auto.earlyStopping());
    assertEquals(MedianRule.DEFAULTS, auto.medianRule());
    JobSpec off = parse("\"off\"");
    assertNull(off.medianRule());
    assertEquals("off", off.earlyStoppingDescription());
    assertEquals(
        "median (minTrials 4, minEpochs 1, percentile 25, minRankCorrelation 0.5)",
        auto.earlyStoppingDescription());
  }

  @Test
  void theObjectFormSetsEachFieldAndDefaultsTheRest() throws Exception {
    JobSpec s =
        parse("{\"type\": \"median\", \"minTrials\": 4, \"minEpochs\": 2, \"percentile\": 40}");
    assertEquals("median", s.earlyStopping());
    assertEquals(new MedianRule(4, 2, 40, 0.5), s.medianRule());
    assertEquals(s, JobSpecCodec.read(JobSpecCodec.write(s)), "the stored form reads back equal");
    JobSpec partial = parse("{\"type\": \"median\", \"minEpochs\": 4}");
    assertEquals(new MedianRule(4, 4, 25, 0.5), partial.medianRule());
    JobSpec unchecked =
        parse("{\"type\": \"median\", \"percentile\": 50, \"minRankCorrelation\": \"off\"}");
    assertEquals(new MedianRule(4, 1, 50, null), unchecked.medianRule());
    assertEquals(
        "median (minTrials 4, minEpochs 1, percentile 50)", unchecked.earlyStoppingDescription());
    assertEquals(unchecked, JobSpecCodec.read(JobSpecCodec.write(unchecked)));
    JobSpec strict = parse("{\"type\": \"median\", \"minRankCorrelation\": 0.8}");
    assertEquals(new MedianRule(4, 1, 25, 0.8), strict.medianRule());
    assertEquals(strict, JobSpecCodec.read(JobSpecCodec.write(strict)));
  }

  @Test
  void eachFieldsRangeIsCheckedAndNamedByItsPath() {
    bad(
        "{\"type\": \"median\", \"minTrials\": 0}",
        "$.earlyStopping.minTrials: must be between 1 and 1000, got 0");
    bad(
        "{\"type\": \"median\", \"minTrials\": 2.5}",
        "$.earlyStopping.minTrials: must be an integer between 1 and 1000, got 2.5");
    bad(
        "{\"type\": \"median\", \"minEpochs\": 0}",
        "$.earlyStopping.minEpochs: must be between 1 and 10000, got 0");
    bad(
        "{\"type\": \"median\", \"minEpochs\": \"3\"}",
        "$.earlyStopping.minEpochs: must be an integer between 1 and 10000, got '3'");
    bad(
        "{\"type\": \"median\", \"percentile\": 0}",
        "$.earlyStopping.percentile: must be between 1 and 100, got 0.0");
    bad(
        "{\"type\": \"median\", \"percentile\": 101}",
        "$.earlyStopping.percentile: must be between 1 and 100, got 101.0");
    bad(
        "{\"type\": \"median\", \"minRankCorrelation\": 1.5}",
        "$.earlyStopping.minRankCorrelation: must be a number between 0 and 1, or \"off\", got"
            + " 1.5");
    bad(
        "{\"type\": \"median\", \"minRankCorrelation\": -0.1}",
        "$.earlyStopping.minRankCorrelation: must be a number between 0 and 1, or \"off\", got"
            + " -0.1");
    bad(
        "{\"type\": \"median\", \"minRankCorrelation\": \"none\"}",
        "$.earlyStopping.minRankCorrelation: must be a number between 0 and 1, or \"off\", got"
            + " 'none'");
    bad(
        "{\"type\": \"median\", \"minRankCorrelation\": true}",
        "$.earlyStopping.minRankCorrelation: must be a number between 0 and 1, or \"off\", got"
            + " 'true'");
    bad("{\"type\": \"asha\"}", "$.earlyStopping.type: must be median, got 'asha'");
    bad("{\"minTrials\": 3}", "$.earlyStopping.type: is required");
    bad(
        "{\"type\": \"median\", \"warmup\": 3}",
        "$.earlyStopping.warmup: is not a known field; known: [minEpochs, minRankCorrelation,"
            + " minTrials, percentile, type], got 'warmup'");
    bad("7", "$.earlyStopping: must be off, auto or {\"type\": \"median\", ...}, got '7'");
  }

  @Test
  void aJobStoredBeforeTheRuleHadSettingsKeepsTheOnesItRanWith() throws Exception {
    JobSpec auto = parse("\"auto\"");
    ObjectNode stored = (ObjectNode) JobSpecParserTest.JSON.readTree(JobSpecCodec.write(auto));
    stored.remove("medianRule");
    assertEquals(MedianRule.LEGACY, JobSpecCodec.read(stored.toString()).medianRule());
  }

  @Test
  void aJobStoredBeforeTheRankCheckKeepsRunningWithoutIt() throws Exception {
    JobSpec auto = parse("\"auto\"");
    ObjectNode stored = (ObjectNode) JobSpecParserTest.JSON.readTree(JobSpecCodec.write(auto));
    ((ObjectNode) stored.get("medianRule"))
        .put("minTrials", 5)
        .put("minEpochs", 3)
        .put("percentile", 50.0)
        .remove("minRankCorrelation");
    assertEquals(MedianRule.CAUTIOUS, JobSpecCodec.read(stored.toString()).medianRule());
  }
}
