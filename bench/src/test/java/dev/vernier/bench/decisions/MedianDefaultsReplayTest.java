package dev.vernier.bench.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.tuner.stopping.MedianRule;
import dev.vernier.tuner.stopping.MedianStopper;
import dev.vernier.tuner.stopping.StopperSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The median rule's settings replayed over learning curves recorded by {@code bench decisions
 * --curves}: random 16 x 9, the MLP on Fashion-MNIST, 2 slots; full data (60,000 training rows),
 * seeds 1-35, and {@code --quick} (10,000 rows, where one trial's accuracy swings by up to 20 pt
 * between epochs), seeds 1-30. Seeds 1-5 were recorded before {@code auto}'s settings were chosen,
 * 6-20 and 6-30 for choosing them, 21-35 (full) after, to check them.
 */
class MedianDefaultsReplayTest {

  static final List<String> FULL =
      List.of("mlp-full-random-off.csv", "mlp-full-random-off-6-35.csv");
  static final List<String> QUICK =
      List.of("mlp-quick-random-off.csv", "mlp-quick-random-off-6-30.csv");

  static List<CurveFile.Job> recorded(String name) throws IOException {
    try (InputStream in =
        MedianDefaultsReplayTest.class.getResourceAsStream("/decisions/" + name)) {
      return CurveFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList())
          .stream()
          .filter(j -> j.kind().equals("random-off"))
          .toList();
    }
  }

  static List<CurveFile.Job> recorded(List<String> names) throws IOException {
    List<CurveFile.Job> all = new ArrayList<>();
    for (String n : names) {
      all.addAll(recorded(n));
    }
    return all;
  }

  /** Per seed: the fraction of epochs saved and the best's change in points. */
  static List<double[]> replay(List<CurveFile.Job> jobs, MedianRule rule) {
    List<double[]> out = new ArrayList<>();
    for (CurveFile.Job j : jobs) {
      MedianReplay.Outcome off = MedianReplay.replay(j.trials(), null, 2);
      MedianReplay.Outcome on =
          MedianReplay.replay(
              j.trials(), new MedianStopper(StopperSettings.defaults(9).withMedian(rule)), 2);
      out.add(
          new double[] {1 - (double) on.epochs() / off.epochs(), (on.best() - off.best()) * 100});
    }
    return out;
  }

  static String show(List<double[]> r) {
    StringBuilder s = new StringBuilder();
    for (double[] x : r) {
      s.append(String.format(Locale.ROOT, " %.1f%% %+.2f pt;", x[0] * 100, x[1]));
    }
    return s.toString();
  }

  static boolean meetsGoal(List<double[]> r) {
    return r.stream().allMatch(x -> x[0] >= 0.30 && x[1] >= -0.5);
  }

  static long lostMoreThanHalfAPoint(List<double[]> r) {
    return r.stream().filter(x -> x[1] < -0.5).count();
  }

  @Test
  void autoKeepsTheBestInEveryRecordedFullSeedAndSavesAThirdInAllButTwo() throws IOException {
    List<CurveFile.Job> jobs = recorded(FULL);
    assertEquals(35, jobs.size());
    List<double[]> r = replay(jobs, MedianRule.DEFAULTS);
    assertEquals(0, lostMoreThanHalfAPoint(r), show(r));
    assertTrue(r.stream().mapToDouble(x -> x[0]).average().orElseThrow() > 0.45, show(r));
    // issue 17's goal in 33 of 35 seeds: the two others (26 and 32, checked after the settings
    // were chosen) saved 19% and 26%, the rank check waiting in jobs with few bad trials
    assertEquals(33, r.stream().filter(x -> x[0] >= 0.30 && x[1] >= -0.5).count(), show(r));
  }

  @Test
  void onNoisyCurvesTheRankCheckHoldsAutoBack() throws IOException {
    List<CurveFile.Job> jobs = recorded(QUICK);
    assertEquals(30, jobs.size());
    List<double[]> auto = replay(jobs, MedianRule.DEFAULTS);
    MedianRule unchecked =
        new MedianRule(
            MedianRule.DEFAULTS.minTrials(),
            MedianRule.DEFAULTS.minEpochs(),
            MedianRule.DEFAULTS.percentile());
    List<double[]> without = replay(jobs, unchecked);
    // without the check the same settings lose more than half a point in a third of the seeds
    // (a noisy trial stopped at epoch 1 whose last epoch would have been the job's best)
    assertEquals(11, lostMoreThanHalfAPoint(without), show(without));
    assertEquals(3, lostMoreThanHalfAPoint(auto), show(auto));
  }

  @Test
  void theCautiousSettingsKeepTheBestButSaveTooLittle() throws IOException {
    List<double[]> r = replay(recorded(FULL), MedianRule.CAUTIOUS);
    assertTrue(r.stream().allMatch(x -> x[1] >= -0.5), show(r));
    assertTrue(r.stream().filter(x -> x[0] < 0.30).count() > 30, show(r));
  }
}
