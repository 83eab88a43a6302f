package dev.vernier.bench.decisions;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.stopping.EarlyStopper;
import dev.vernier.tuner.stopping.StopDecision;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.List;
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
    int n = trials.size();
    int[] reported = new int[n];
    long[] nextAt = new long[n];
    TrialView.State[] state = new TrialView.State[n];
    for (int i = 0; i < n; i++) {
      state[i] = TrialView.State.PENDING;
    }
    int started = 0;
    int running = 0;
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
      } else {
        nextAt[k] = now + c.durations().get(reported[k]);
      }
    }
    int epochs = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      epochs += reported[i];
      if (reported[i] > 0) {
        best = Math.max(best, trials.get(i).values().get(reported[i] - 1));
      }
    }
    return new Outcome(epochs, best);
  }

  private static TrialView view(int i, TrialView.State s, CurveFile.Curve c, int reported) {
    List<Double> v = c.values().subList(0, reported);
    Double objective = s == TrialView.State.RUNNING || v.isEmpty() ? null : v.get(v.size() - 1);
    return new TrialView(i + 1, s, Map.of(), objective, v);
  }

  /**
   * Replays rule variants over a {@code --curves} file's {@code random-off} jobs: {@code java -cp
   * vernier-bench.jar dev.vernier.bench.decisions.MedianReplay FILE [SLOTS]}; prints, per variant,
   * the epochs saved and the best's change per seed, variants meeting issue 17's goal (>= 30% fewer
   * epochs, best within 0.5 pt, every seed) marked PASS, and for each {@code random-auto} job its
   * recorded epochs beside the replay of the rule it ran.
   */
  public static void main(String[] args) throws java.io.IOException {
    List<CurveFile.Job> jobs = CurveFile.read(java.nio.file.Path.of(args[0]));
    int slots = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    List<CurveFile.Job> off = jobs.stream().filter(j -> j.kind().equals("random-off")).toList();
    for (CurveFile.Job auto : jobs) {
      if (auto.kind().equals("random-auto")) {
        for (CurveFile.Job o : off) {
          if (o.seed() == auto.seed()) {
            int recorded = auto.trials().stream().mapToInt(c -> c.values().size()).sum();
            Outcome r =
                replay(
                    o.trials(),
                    new dev.vernier.tuner.stopping.MedianStopper(
                        "auto",
                        dev.vernier.tuner.stopping.StopperSettings.defaults(
                            o.trials().get(0).values().size())),
                    slots);
            System.out.printf(
                java.util.Locale.ROOT,
                "seed %d auto: recorded %d epochs, replayed %d%n",
                auto.seed(),
                recorded,
                r.epochs());
          }
        }
      }
    }
    // the median rule as the service runs it, then variants (others' bests or last values, all
    // trials or completed ones only) for comparison
    List<EarlyStopper> rules = new ArrayList<>();
    int[] minTrials = {3, 4, 5, 6};
    int[] minEpochs = {1, 2, 3};
    double[] percentiles = {20, 25, 30, 33, 40, 50, 60};
    for (int t : minTrials) {
      for (int e : minEpochs) {
        for (double p : percentiles) {
          rules.add(
              new dev.vernier.tuner.stopping.MedianStopper(
                  "median t" + t + " e" + e + " p" + (int) p,
                  dev.vernier.tuner.stopping.StopperSettings.defaults(9)
                      .withMedian(new dev.vernier.tuner.stopping.MedianRule(t, e, p))));
        }
      }
    }
    for (String stat : List.of("best", "last")) {
      for (boolean completed : List.of(false, true)) {
        for (int t : minTrials) {
          for (int e : minEpochs) {
            for (double p : percentiles) {
              rules.add(new ReplayRule(t, e, p, stat, completed));
            }
          }
        }
      }
    }
    for (EarlyStopper rule : rules) {
      StringBuilder line = new StringBuilder();
      double minSave = 1;
      double sumSave = 0;
      double minDelta = 1;
      for (CurveFile.Job o : off) {
        Outcome base = replay(o.trials(), null, slots);
        Outcome r = replay(o.trials(), rule, slots);
        double save = 1 - (double) r.epochs() / base.epochs();
        double delta = (r.best() - base.best()) * 100;
        minSave = Math.min(minSave, save);
        sumSave += save;
        minDelta = Math.min(minDelta, delta);
        line.append(String.format(java.util.Locale.ROOT, " | %4.1f%% %+.2f", save * 100, delta));
      }
      boolean pass = minSave >= 0.30 && minDelta >= -0.5;
      System.out.printf(
          java.util.Locale.ROOT,
          "%-26s mean %4.1f%% min %4.1f%% worst %+.2f pt %s%s%n",
          rule.name(),
          sumSave / off.size() * 100,
          minSave * 100,
          minDelta,
          pass ? "PASS" : "miss",
          line);
    }
  }
}
