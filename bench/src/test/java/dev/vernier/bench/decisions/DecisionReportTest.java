package dev.vernier.bench.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision benchmark's verdicts and table on canned figures (no job runs). */
class DecisionReportTest {

  @Test
  void ashaPassesOnlyWhenEverySeedReachesTheTargetInHalfTheEpochs() {
    var fast = new DecisionReport.AshaSeed(1, 0.85, 144, 0.86, 60, 40);
    var slow = new DecisionReport.AshaSeed(2, 0.85, 144, 0.84, 80, 73);
    var never = new DecisionReport.AshaSeed(3, 0.85, 144, 0.80, 50, null);
    assertTrue(fast.pass());
    assertEquals(false, slow.pass(), "73/144 = 0.507x is over 0.5x");
    assertEquals(false, never.pass());
    String md =
        DecisionReport.markdown(
            new DecisionReport.Results(List.of(fast, slow, never), List.of(), List.of(), List.of()),
            "canned");
    assertTrue(md.contains("| 2 | 0.8500 | 144 | 0.8400 | 80 | 73 | 0.51x | MISS |"), md);
    assertTrue(md.contains("| 3 | 0.8500 | 144 | 0.8000 | 50 | never | never | MISS |"), md);
    assertTrue(md.contains("1 of 3 seeds; median 0.51x, worst never | MISS |"), md);
  }

  @Test
  void medianRuleNeedsThirtyPercentFewerEpochsAndTheBestWithinHalfAPoint() {
    var ok = new DecisionReport.MedianSeed(1, 0.850, 144, 0.846, 100); // 30.6%, -0.4 pt
    var worse = new DecisionReport.MedianSeed(2, 0.850, 144, 0.844, 90); // -0.6 pt
    var few = new DecisionReport.MedianSeed(3, 0.850, 144, 0.860, 101); // 29.9%
    assertTrue(ok.pass());
    assertEquals(false, worse.pass());
    assertEquals(false, few.pass());
    String md =
        DecisionReport.markdown(
            new DecisionReport.Results(List.of(), List.of(ok, few), List.of(), List.of()),
            "canned");
    assertTrue(md.contains("| 1 | 0.8500 | 144 | 0.8460 | 100 | 30.6% | -0.40 pt | PASS |"), md);
    assertTrue(
        md.contains("30.2% mean (30-31%); best -0.40 to +1.00 pt; 1 of 2 seeds | MISS |"), md);
  }

  @Test
  void warmStartNeedsFourSeedsInFiveWithinHalfTheColdJobsTrials() {
    List<DecisionReport.WarmSeed> rows =
        List.of(
            new DecisionReport.WarmSeed(1, 0.80, 12, 9, 0.81, 12, 2, 0.70, 0.78, 0.7512, 0.7634),
            new DecisionReport.WarmSeed(
                2, 0.80, 12, 9, 0.81, 12, 6, 0.70, 0.78, Double.NaN, Double.NaN),
            new DecisionReport.WarmSeed(
                3, 0.80, 12, 9, 0.81, 12, 3, 0.70, 0.78, Double.NaN, Double.NaN),
            new DecisionReport.WarmSeed(
                4, 0.80, 12, 9, 0.81, 12, 5, 0.70, 0.78, Double.NaN, Double.NaN),
            new DecisionReport.WarmSeed(
                5, 0.80, 12, 9, 0.79, 12, null, 0.70, 0.78, Double.NaN, Double.NaN));
    String md =
        DecisionReport.markdown(
            new DecisionReport.Results(List.of(), List.of(), rows, rows.subList(1, 5)), "canned");
    assertTrue(
        md.contains("| 5 | 0.8000 | 12 | 9 | 0.7900 | never (12) | never | +8.00 pt | MISS | - |"),
        md);
    // the best configurations trained again with new seeds, when measured
    assertTrue(md.contains("| 2 | 0.17x | +8.00 pt | PASS | 0.7512, 0.7634 (+1.22 pt) |"), md);
    assertTrue(md.contains("(4 of 5 here) | 4 of 5 seeds; median 0.42x, never in 1 | PASS |"), md);
    // with 4 seeds, 80% rounds up to all 4
    assertTrue(md.contains("(4 of 4 here) | 3 of 4 seeds; median 0.46x, never in 1 | MISS |"), md);
    String all =
        DecisionReport.markdown(
            new DecisionReport.Results(List.of(), List.of(), rows.subList(0, 4), List.of()),
            "canned");
    assertTrue(all.contains("| 4 of 4 seeds; median 0.33x, reached in every seed | PASS |"), all);
  }
}
