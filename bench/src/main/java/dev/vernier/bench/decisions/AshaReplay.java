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
      int within = 0;
      int never = 0;
      StringBuilder per = new StringBuilder();
      for (CurveFile.Job j : jobs) {
        MedianReplay.Outcome off = MedianReplay.replay(j.trials(), null, 2);
        int all = off.epochs();
        double target = off.best() - 0.005;
        int at = MedianReplay.epochsToReach(j.trials(), rule.getValue(), 2, target);
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
          "%-28s within half %d/%d, never %d |%s%n",
          rule.getKey(),
          within,
          jobs.size(),
          never,
          per);
    }
  }
}
