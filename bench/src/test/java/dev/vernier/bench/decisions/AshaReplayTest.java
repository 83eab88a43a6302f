package dev.vernier.bench.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget replay's extra configurations: the following jobs' trials, in turn. */
class AshaReplayTest {
  private static CurveFile.Curve curve(int trial) {
    return new CurveFile.Curve(trial, "COMPLETED", List.of(0.5), List.of(10L));
  }

  private static CurveFile.Job job(long seed, int... trials) {
    return new CurveFile.Job(
        "random-off",
        seed,
        java.util.Arrays.stream(trials).mapToObj(AshaReplayTest::curve).toList());
  }

  @Test
  void moreConfigurationsComeFromTheNextJobsInTurnAndNeverFromTheJobItself() {
    List<CurveFile.Job> jobs = List.of(job(1, 1, 2), job(2, 3, 4), job(3, 5, 6));
    assertEquals(
        List.of(1, 2),
        AshaReplay.withMore(jobs, 0, 0).stream().map(CurveFile.Curve::trial).toList());
    assertEquals(
        List.of(5, 6, 1, 2, 3),
        AshaReplay.withMore(jobs, 2, 3).stream().map(CurveFile.Curve::trial).toList());
    // no more than the other jobs hold
    assertEquals(6, AshaReplay.withMore(jobs, 1, 100).size());
  }
}
