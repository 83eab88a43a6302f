package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.platform.error.AlreadyExistsException;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.tuner.job.Channel;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.WarmStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A warm-start child is its parent's job with the request's changes, on a real SQLite file. */
class SubmitWarmStartTest {
  @TempDir Path dir;
  TunerHarness h;

  @BeforeEach
  void setUp() throws Exception {
    h = new TunerHarness(dir);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void childIsTheParentWithFresherDataAndItsOwnBudget() throws Exception {
    JobRecord parent =
        h.submit(h.job("parent", "bayesian", 12, 3, ",'earlyStopping':'auto'".replace('\'', '"')));
    Path fresher = Files.writeString(h.data.resolveSibling("fresher.csv"), "1,2\n");
    JobRecord child =
        h.service.submitWarmStart(
            parent.id(),
            new WarmStartRequest(
                "parent-retrain-7", Map.of("train", new Channel(fresher, null, "csv")), 5, 7));
    JobSpec p = parent.spec();
    JobSpec c = h.service.job(child.id()).orElseThrow().spec();
    assertEquals("parent-retrain-7", c.name());
    assertEquals(new WarmStart(List.of(parent.id()), WarmStart.Type.TRANSFER), c.warmStart());
    assertEquals(5, c.limits().maxTrials());
    assertEquals(p.limits().maxParallelTrials(), c.limits().maxParallelTrials());
    assertEquals(p.seed() + 7, c.seed());
    assertEquals(fresher, c.channels().get("train").path());
    assertEquals("csv", c.channels().get("train").format());
    // everything else is the parent's
    assertEquals(p.algorithm(), c.algorithm());
    assertEquals(p.objective(), c.objective());
    assertEquals(p.ranges(), c.ranges());
    assertEquals(p.strategy(), c.strategy());
    assertEquals(p.earlyStopping(), c.earlyStopping());
    assertEquals(p.medianRule(), c.medianRule());
    assertEquals(p.completion(), c.completion());
  }

  @Test
  void refusesAnUnknownParentATakenNameAndFilesOutsideTheRoots() throws Exception {
    NotFoundException missing =
        assertThrows(
            NotFoundException.class,
            () -> h.service.submitWarmStart("nope", new WarmStartRequest("child", Map.of(), 3, 1)));
    assertEquals("parentJobId", missing.field());
    assertEquals("tuning job nope does not exist", missing.getMessage());
    JobRecord parent = h.submit(h.job("p2", "random", 4, 1, ""));
    assertThrows(
        AlreadyExistsException.class,
        () -> h.service.submitWarmStart(parent.id(), new WarmStartRequest("p2", Map.of(), 3, 1)));
    Path outside = Files.writeString(dir.resolve("outside.csv"), "1,2\n");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                h.service.submitWarmStart(
                    parent.id(),
                    new WarmStartRequest(
                        "p2-child", Map.of("train", new Channel(outside, null, "csv")), 3, 1)));
    assertEquals("channels.train.path", e.field());
    InvalidInputException budget =
        assertThrows(InvalidInputException.class, () -> new WarmStartRequest("x", Map.of(), 0, 1));
    assertEquals("maxTrials: must be at least 1, got 0", budget.getMessage());
  }

  /** A registered command's job: its objective is the metric its definition names. */
  com.fasterxml.jackson.databind.JsonNode commandJob(String name, String metric, String type)
      throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(
            ("{'name':'%s','command':'my-cmd','channels':{'train':{'path':'train.csv'}},"
                    + "'metricDefinitions':[{'name':'%s','regex':'v=([0-9.]+)'}],"
                    + "'objective':{'metric':'%s','type':'%s'},"
                    + "'parameterRanges':{'x':{'type':'continuous','min':-10,'max':10}},"
                    + "'strategy':'random','limits':{'maxTrials':2}}")
                .formatted(name, metric, metric, type)
                .replace('\'', '"'));
  }

  static String warm(String type, String... parents) {
    return (",'warmStart':{'type':'"
            + type
            + "','parents':['"
            + String.join("','", parents)
            + "']}")
        .replace('\'', '"');
  }

  /**
   * A parent that minimised cross-entropy under a child that maximises accuracy was accepted, and
   * the child exploited the parent's worst points: a parent must share the objective, and an
   * identical-data parent the algorithm too.
   */
  @Test
  void aParentWithAnotherObjectiveOrForIdenticalDataAnotherAlgorithmIsRefused() throws Exception {
    h.submit(h.job("same", "random", 2, 1, ""));
    h.submit(commandJob("other-metric", "validation:accuracy", "Maximize"));
    h.submit(commandJob("other-direction", "validation:loss", "Maximize"));
    h.submit(commandJob("other-command", "validation:loss", "Minimize"));

    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                h.submit(
                    h.job(
                        "child-1",
                        "bayesian",
                        4,
                        1,
                        warm("transfer", "same", "other-metric", "other-direction", "nope"))));
    assertEquals(
        List.of(
            "$.warmStart.parents[1]: a warm-start parent must have optimised this job's objective"
                + " (validation:loss Minimize), and this one optimised validation:accuracy"
                + " Maximize, got 'other-metric'",
            "$.warmStart.parents[2]: a warm-start parent must have optimised this job's objective"
                + " (validation:loss Minimize), and this one optimised validation:loss Maximize,"
                + " got 'other-direction'",
            "$.warmStart.parents[3]: must name an existing tuning job, got 'nope'"),
        e.errors().stream().map(InvalidInputException.Error::message).toList());
    assertTrue(h.service.job("child-1").isEmpty(), "nothing stored");

    e =
        assertThrows(
            InvalidInputException.class,
            () ->
                h.submit(
                    h.job("child-2", "bayesian", 4, 1, warm("identical-data", "other-command"))));
    assertEquals("$.warmStart.parents[0]", e.field());
    assertEquals(
        "an identical-data parent must have run this job's algorithm quad, and this one ran"
            + " command my-cmd (its trials would count as this job's own)",
        e.rule());
    // transfer learning allows another algorithm with the same objective; identical data the same
    h.submit(h.job("child-3", "bayesian", 4, 1, warm("transfer", "other-command")));
    h.submit(h.job("child-4", "bayesian", 4, 1, warm("identical-data", "same")));
  }
}
