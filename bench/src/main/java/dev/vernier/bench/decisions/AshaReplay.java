package dev.vernier.bench.decisions;

import dev.vernier.tuner.stopping.AshaStopper;
import dev.vernier.tuner.stopping.EarlyStopper;
import dev.vernier.tuner.stopping.MedianRule;
import dev.vernier.tuner.stopping.MedianStopper;
import dev.vernier.tuner.stopping.StopperSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ASHA's stopping replayed over {@code --curves} files' {@code random-off} jobs, as issue 17's ASHA
 * line counts it: the epochs reported until a trial ended within 0.5 pt of random's best, against
 * half of random's epochs. The configurations are random's, not the {@code hyperband} strategy's
 * own, so this isolates the stopping. {@code java -cp vernier-bench.jar
 * dev.vernier.bench.decisions.AshaReplay FILE...} prints, per setting (eta 2-4, first rung 1-3
 * epochs, and {@code auto}'s median rule for comparison), the seeds within half the epochs, the
 * seeds that never got there, and each seed's share.
 *
 * <p>Then the budget question: ASHA with 16 trials spends about 40 of the 72 epochs the goal
 * allows, so the same settings are replayed with 8 to 48 more configurations after the job's own 16
 * (the other seeds' curves in turn: random configurations, each with its own training seed),
 * counted the same way, to see whether more configurations in the same epoch budget reach random's
 * best in every seed.
 */
public final class AshaReplay {
  private AshaReplay() {}

  public static void main(String[] args) throws IOException {
    List<CurveFile.Job> jobs = new ArrayList<>();
    for (String a : args) {
      CurveFile.read(Path.of(a)).stream()
          .filter(j -> j.kind().equals("random-off"))
          .forEach(jobs::add);
    }
    Map<String, EarlyStopper> rules = new LinkedHashMap<>();
    for (int eta : new int[] {2, 3, 4}) {
      for (int first : new int[] {1, 2, 3}) {
        rules.put(
            "asha eta " + eta + ", first rung " + first,
            new AshaStopper(new StopperSettings(first, eta, 9, MedianRule.DEFAULTS)));
      }
    }
    rules.put("median rule (auto)", new MedianStopper(StopperSettings.defaults(9)));
    for (var rule : rules.entrySet()) {
      print(jobs, rule.getKey(), rule.getValue(), 0);
    }
    for (int extra : new int[] {8, 16, 32, 48}) {
      for (String name : List.of("asha eta 3, first rung 1", "asha eta 2, first rung 2")) {
        print(jobs, name, rules.get(name), extra);
      }
    }
  }

  /**
   * One line: {@code rule} over every job, each job's own trials followed by {@code extra} trials
   * of the jobs after it (in turn), against that job's random best and half its epochs.
   */
  static void print(List<CurveFile.Job> jobs, String name, EarlyStopper rule, int extra) {
    int within = 0;
    int never = 0;
    StringBuilder per = new StringBuilder();
    for (int s = 0; s < jobs.size(); s++) {
      CurveFile.Job j = jobs.get(s);
      MedianReplay.Outcome off = MedianReplay.replay(j.trials(), null, 2);
      int all = off.epochs();
      double target = off.best() - 0.005;
      int at = MedianReplay.epochsToReach(withMore(jobs, s, extra), rule, 2, target);
      if (at < 0) {
        never++;
        per.append(" never");
      } else {
        within += at <= all / 2 ? 1 : 0;
        per.append(String.format(Locale.ROOT, " %.2f", (double) at / all));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-28s%s within half %d/%d, never %d |%s%n",
        name,
        extra == 0 ? "" : String.format(Locale.ROOT, " +%d configurations", extra),
        within,
        jobs.size(),
        never,
        per);
  }

  /** Job {@code s}'s trials, then {@code extra} trials of the jobs after it, in turn. */
  static List<CurveFile.Curve> withMore(List<CurveFile.Job> jobs, int s, int extra) {
    List<CurveFile.Curve> out = new ArrayList<>(jobs.get(s).trials());
    int want = out.size() + extra;
    for (int k = 1; out.size() < want && k < jobs.size(); k++) {
      for (CurveFile.Curve c : jobs.get((s + k) % jobs.size()).trials()) {
        if (out.size() < want) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
