package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a poll of a job is shown: one line for logs and pipes, a block for a terminal. */
class JobProgressTest {
  static JobProgress.Snapshot running() throws Exception {
    JsonNode best =
        new ObjectMapper()
            .readTree(
                "{\"objective\": 0.123456, \"trialNumber\": 2, \"hyperparameters\": {\"a\": 1}}");
    return new JobProgress.Snapshot(
        "j1",
        "IN_PROGRESS",
        null,
        3,
        1,
        2,
        10,
        "validation:loss",
        best,
        List.of(new JobProgress.RunningTrial(4, 2, 0.5), new JobProgress.RunningTrial(5, 0, null)));
  }

  @Test
  void oneLineHasDoneOfMaxFailedRunningBestAndEachRunningTrial() throws Exception {
    assertEquals(
        "j1 IN_PROGRESS: trials done 3/10 (1 failed), running 2, best validation:loss 0.1235"
            + " (trial 2); trial 4 epoch 2 0.5000; trial 5 starting",
        running().line());
  }

  @Test
  void theTerminalBlockHasALinePerRunningTrial() throws Exception {
    assertEquals(
        List.of(
            "j1  IN_PROGRESS",
            "  trials   3/10 done, 1 failed, 2 running",
            "  best     validation:loss 0.1235 (trial 2) {\"a\":1}",
            "  running  trial 4 epoch 2 0.5000",
            "  running  trial 5 starting"),
        running().block());
  }

  @Test
  void aJobWithoutABestTrialShowsADash() {
    JobProgress.Snapshot s =
        new JobProgress.Snapshot(
            "j2",
            "FAILED",
            "no trial produced an objective value",
            2,
            2,
            0,
            2,
            "m",
            null,
            List.of());
    assertEquals("j2 FAILED: trials done 2/2 (2 failed), running 0, best m -", s.line());
    assertEquals("j2  FAILED (no trial produced an objective value)", s.block().get(0));
    assertEquals(1, JobProgress.exitCode(s));
  }
}
