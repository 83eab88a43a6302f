package dev.vernier.tuner.strategy;

import dev.vernier.core.InvalidInputException;
import dev.vernier.tuner.gp.SpaceEncoding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job's history as the Bayesian model sees it, encoded: the observations ({@code identical-data}
 * warm-start trials, then the job's own, each in id order, every one with a result), the warm-start
 * {@code transfer} trials apart, the unfinished trials' points, and every configuration already
 * used (the job's own and its {@code identical-data} parents'). Trials whose configuration does not
 * fit this job's space (warm-start parents that searched another space) are left out.
 */
final class Observations {
  final int dim;
  final double[] xs;
  final double[] losses;
  final int n;
  final double[] transferXs;
  final double[] transferLosses;
  final int transferN;
  final double[] active;
  final int activeCount;
  final Set<Map<String, Object>> tried = new HashSet<>();

  Observations(StrategyContext ctx, SpaceEncoding enc) {
    dim = enc.dimension();
    List<TrialView> own = new ArrayList<>(ctx.priorObservations());
    own.addAll(ctx.trials());
    double[][] x = new double[1][];
    double[][] y = new double[1][];
    n = collect(ctx, enc, own, x, y);
    xs = x[0];
    losses = y[0];
    transferN = collect(ctx, enc, ctx.priorTransfer(), x, y);
    transferXs = x[0];
    transferLosses = y[0];
    // an identical-data parent's configuration, run again on the same data, measures nothing new
    for (TrialView trial : ctx.priorObservations()) {
      tried.add(trial.config());
    }
    List<double[]> act = new ArrayList<>();
    for (TrialView trial : ctx.trials()) {
      tried.add(trial.config());
      if (trial.state().isActive()) {
        double[] p = new double[dim];
        if (encode(enc, trial.config(), p, 0)) {
          act.add(p);
        }
      }
    }
    activeCount = act.size();
    active = new double[Math.max(1, activeCount) * dim];
    for (int i = 0; i < activeCount; i++) {
      System.arraycopy(act.get(i), 0, active, i * dim, dim);
    }
  }

  /** Encodes the trials with a result into {@code x[0]} and {@code y[0]}; returns their number. */
  private int collect(
      StrategyContext ctx, SpaceEncoding enc, List<TrialView> trials, double[][] x, double[][] y) {
    x[0] = new double[Math.max(1, trials.size()) * dim];
    y[0] = new double[Math.max(1, trials.size())];
    int count = 0;
    for (TrialView trial : trials) {
      double loss = trial.observedLoss(ctx.direction());
      if (!Double.isNaN(loss) && encode(enc, trial.config(), x[0], count * dim)) {
        y[0][count++] = loss;
      }
    }
    return count;
  }

  /** Encodes {@code config}, or says it does not fit the space (a parent with another space). */
  private static boolean encode(
      SpaceEncoding enc, Map<String, Object> config, double[] out, int off) {
    try {
      enc.encode(config, out, off);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  /** Indices of up to {@code k} lowest {@code values} among the first {@code count}, best first. */
  static int[] best(double[] values, int count, int k) {
    Integer[] idx = new Integer[count];
    for (int i = 0; i < count; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(
        idx,
        (a, b) -> {
          int c = Double.compare(values[a], values[b]);
          return c != 0 ? c : Integer.compare(a, b);
        });
    int[] out = new int[Math.min(k, count)];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }
}
