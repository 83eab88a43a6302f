package dev.vernier.bench.decisions;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.stopping.EarlyStopper;
import dev.vernier.tuner.stopping.MedianRule;
import dev.vernier.tuner.stopping.MedianStopper;
import dev.vernier.tuner.stopping.StopDecision;
import dev.vernier.tuner.stopping.StopperSettings;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays a stopping rule over learning curves recorded with stopping off ({@link CurveFile}), as
 * the scheduler would have run them: trials start in number order on {@code slots} slots, each
 * epoch takes as long as it did when recorded, the rule decides after every epoch with the other
 * trials' epochs reported by then, a stopped trial frees its slot at once. Counts epochs and the
 * best objective (each trial's last reported value, as aggregation {@code latest}).
 */
public final class MedianReplay {
  private MedianReplay() {}

  /** What a replay came to. */
  public record Outcome(int epochs, double best) {}

  /** Replays {@code stopper} (null: stopping off) over {@code trials} on {@code slots} slots. */
  public static Outcome replay(List<CurveFile.Curve> trials, EarlyStopper stopper, int slots) {
    int[] reported = reported(trials, stopper, slots);
    int epochs = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < trials.size(); i++) {
      epochs += reported[i];
      if (reported[i] > 0) {
        best = Math.max(best, trials.get(i).values().get(reported[i] - 1));
      }
    }
    return new Outcome(epochs, best);
  }

  /** How many epochs each trial reported when {@code stopper} decided, in trial order. */
  static int[] reported(List<CurveFile.Curve> trials, EarlyStopper stopper, int slots) {
    return simulate(trials, stopper, slots, null);
  }

  /**
   * The epochs every trial had reported, in all, when the first trial ended (completed or stopped)
   * with a last value of at least {@code target}: how {@code bench decisions} counts ASHA's epochs
   * to random's best. -1 when no trial did.
   */
  static int epochsToReach(
      List<CurveFile.Curve> trials, EarlyStopper stopper, int slots, double target) {
    List<int[]> ends = new ArrayList<>();
    int[] reported = simulate(trials, stopper, slots, ends);
    for (int[] end : ends) {
      if (trials.get(end[0]).values().get(reported[end[0]] - 1) >= target - 1e-12) {
        return end[1];
      }
    }
    return -1;
  }

  /**
   * The replay: each trial's epochs reported; {@code ends}, when not null, receives {trial index,
   * epochs reported by all trials so far} as each trial ends, in order.
   */
  private static int[] simulate(
      List<CurveFile.Curve> trials, EarlyStopper stopper, int slots, List<int[]> ends) {
    int n = trials.size();
    int[] reported = new int[n];
    long[] nextAt = new long[n];
    TrialView.State[] state = new TrialView.State[n];
    for (int i = 0; i < n; i++) {
      state[i] = TrialView.State.PENDING;
    }
    int started = 0;
    int running = 0;
    int total = 0;
    long now = 0;
    while (true) {
      while (running < slots && started < n) {
        state[started] = TrialView.State.RUNNING;
        nextAt[started] = now + trials.get(started).durations().get(0);
        started++;
        running++;
      }
      int k = -1;
      for (int i = 0; i < n; i++) {
        if (state[i] == TrialView.State.RUNNING && (k < 0 || nextAt[i] < nextAt[k])) {
          k = i;
        }
      }
      if (k < 0) {
        break;
      }
      now = nextAt[k];
      CurveFile.Curve c = trials.get(k);
      reported[k]++;
      total++;
      boolean last = reported[k] >= c.values().size();
      boolean stop = false;
      if (!last && stopper != null) {
        List<TrialView> others = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (i != k && state[i] != TrialView.State.PENDING) {
            others.add(view(i, state[i], trials.get(i), reported[i]));
          }
        }
        StopDecision d =
            stopper.decide(
                view(k, TrialView.State.RUNNING, c, reported[k]), others, Direction.MAXIMIZE);
        stop = d.shouldStop();
      }
      if (last || stop) {
        state[k] = stop ? TrialView.State.STOPPED : TrialView.State.COMPLETED;
        running--;
        if (ends != null) {
          ends.add(new int[] {k, total});
        }
      } else {
        nextAt[k] = now + c.durations().get(reported[k]);
      }
    }
    return reported;
  }

  private static TrialView view(int i, TrialView.State s, CurveFile.Curve c, int reported) {
    List<Double> v = c.values().subList(0, reported);
    Double objective = s == TrialView.State.RUNNING || v.isEmpty() ? null : v.get(v.size() - 1);
    return new TrialView(i + 1, s, Map.of(), objective, v);
  }

  /** Issue 17's goal for one seed: at least 30% fewer epochs, the best within 0.5 pt. */
  static boolean meetsGoal(Outcome off, Outcome on) {
    return 1 - (double) on.epochs() / off.epochs() >= 0.30 && lossPoints(off, on) <= 0.5;
  }

  /** How many points of the best the rule lost (negative: it gained). */
  static double lossPoints(Outcome off, Outcome on) {
    return (off.best() - on.best()) * 100;
  }

  /**
   * Replays median-rule settings over {@code --curves} files' {@code random-off} jobs: {@code java
   * -cp vernier-bench.jar dev.vernier.bench.decisions.MedianReplay FILE...} (2 slots, as {@code
   * bench decisions}). Prints a line per setting and file: the mean and least share of epochs
   * saved, the most points of the best lost, how many seeds met issue 17's goal (at least 30% fewer
   * epochs, the best within 0.5 pt) and in how many the best lost more than 0.5 pt; then the
   * totals. The settings: {@code auto}, the cautious ones it replaced, and a grid of minTrials,
   * minEpochs, percentile and minRankCorrelation ({@code off} or a number).
   */
  public static void main(String[] args) throws java.io.IOException {
    List<List<CurveFile.Job>> files = new ArrayList<>();
    for (String a : args) {
      files.add(
          CurveFile.read(java.nio.file.Path.of(a)).stream()
              .filter(j -> j.kind().equals("random-off"))
              .toList());
    }
    java.util.Map<String, MedianRule> rules = new java.util.LinkedHashMap<>();
    rules.put("auto", MedianRule.DEFAULTS);
    rules.put("cautious", MedianRule.CAUTIOUS);
    for (Double rho : new Double[] {null, 0.3, 0.5, 0.7}) {
      for (int t : new int[] {3, 4, 5}) {
        for (int e : new int[] {1, 2, 3}) {
          for (double p : new double[] {20, 25, 30, 40, 50}) {
            MedianRule r = new MedianRule(t, e, p, rho);
            rules.put(r.describe(), r);
          }
        }
      }
    }
    for (var rule : rules.entrySet()) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-72s", rule.getKey()));
      int met = 0;
      int lost = 0;
      int seeds = 0;
      for (List<CurveFile.Job> off : files) {
        double sum = 0;
        double least = 1;
        double worst = Double.NEGATIVE_INFINITY;
        int fileMet = 0;
        int fileLost = 0;
        for (CurveFile.Job o : off) {
          Outcome base = replay(o.trials(), null, 2);
          Outcome on =
              replay(
                  o.trials(),
                  new MedianStopper(StopperSettings.defaults(9).withMedian(rule.getValue())),
                  2);
          double save = 1 - (double) on.epochs() / base.epochs();
          sum += save;
          least = Math.min(least, save);
          worst = Math.max(worst, lossPoints(base, on));
          fileMet += meetsGoal(base, on) ? 1 : 0;
          fileLost += lossPoints(base, on) > 0.5 ? 1 : 0;
        }
        met += fileMet;
        lost += fileLost;
        seeds += off.size();
        line.append(
            String.format(
                Locale.ROOT,
                " | saved %4.1f%% (least %4.1f%%), lost up to %5.2f pt, goal %d/%d, lost >0.5 in %d",
                sum / off.size() * 100,
                least * 100,
                Math.max(0, worst),
                fileMet,
                off.size(),
                fileLost));
      }
      line.append(String.format(Locale.ROOT, " | goal %d/%d, lost in %d", met, seeds, lost));
      System.out.println(line);
    }
  }
}
