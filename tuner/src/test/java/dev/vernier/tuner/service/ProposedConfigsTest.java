package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.storage.TrialStore;
import dev.vernier.tuner.strategy.TrialView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tick of a strategy that ignores results reads only the trials proposed since the last. */
class ProposedConfigsTest {
  @TempDir Path dir;
  TunerHarness h;

  /** Rows each call of the real store answered, by method name. */
  final List<String> reads = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    h = new TunerHarness(dir);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  /** The harness's real SQLite store, its reads of trials counted. */
  TrialStore counted() {
    return h.spied(
        (method, args, r) -> {
          if (r instanceof List<?> l) {
            reads.add(method + ":" + l.size());
          }
        });
  }

  @Test
  void eachTrialIsReadOnceAndTheViewsAreTheJobsTrialsInOrder() throws Exception {
    h.submit(h.job("r", "random", 100, 1, ""));
    h.scheduler.tick();
    int first = h.trials.trials("r").size();
    ProposedConfigs p = new ProposedConfigs(counted());
    JobRecord job = h.jobs.find("r").orElseThrow();
    assertEquals(configs(h.trials.trials("r")), configsOf(p.views(job)));
    h.trials.addProposals("r", first, List.of(Map.of("x", 1.5), Map.of("x", 2.5)), 5);
    List<TrialView> after = p.views(h.jobs.find("r").orElseThrow());
    assertEquals(configs(h.trials.trials("r")), configsOf(after));
    assertEquals(first + 2, after.size());
    assertEquals(
        h.trials.trials("r").stream().map(TrialRecord::id).toList(),
        after.stream().map(TrialView::id).toList());
    assertEquals(List.of("proposedSince:" + first, "proposedSince:2"), reads);
    // an ended job is forgotten; a job submitted again under its name is read anew
    p.retain(List.of());
    p.views(job);
    assertEquals("proposedSince:" + (first + 2), reads.get(2));
  }

  static List<Map<String, Object>> configs(List<TrialRecord> ts) {
    return ts.stream().map(TrialRecord::config).toList();
  }

  static List<Map<String, Object>> configsOf(List<TrialView> vs) {
    return vs.stream().map(TrialView::config).toList();
  }
}
