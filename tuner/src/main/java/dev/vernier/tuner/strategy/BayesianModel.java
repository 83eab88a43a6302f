package dev.vernier.tuner.strategy;

import dev.vernier.tuner.gp.GaussianProcess;
import dev.vernier.tuner.gp.GpHyperparameters;
import dev.vernier.tuner.gp.HyperparameterFit;
import dev.vernier.tuner.gp.OutputTransform;
import java.util.Arrays;

/**
 * One job's Gaussian processes, kept between proposals: the model of its observations and, for a
 * {@code transfer} warm start, the prior model of its parents' trials, whose posterior mean the
 * first one models the residuals of ({@link dev.vernier.tuner.gp.StackedPosterior}). The state is a
 * function of the observations alone, so using it gives the result a fresh model would:
 *
 * <ul>
 *   <li>Hyperparameters are refitted on a schedule: with {@code n} observations they are the fit on
 *       the first {@link #fitSize(int) fitSize(n)} ones (every size up to 20, then every 2, 4, 8,
 *       ... as {@code n} doubles past 20, 40, 80, ...), seeded by the job's seed and the size.
 *       Between refits only the factorisation grows, one row per observation ({@code O(n²)}).
 *   <li>When the history's order changes (a lower-id trial finishing late) the rows after the first
 *       difference are rebuilt.
 * </ul>
 *
 * Callers synchronise on the instance.
 */
final class BayesianModel {
  /** Fits use at most this many observations (the best half of them and a spread of the rest). */
  static final int FIT_MAX = 200;

  /** With fewer own observations than this, a transfer job borrows the prior's hyperparameters. */
  static final int MIN_RESIDUAL_FIT = 3;

  private final long seed;
  private final int dim;
  private final HyperparameterFit fitter;
  private int fitSize = -1;
  private double[] fitXs;
  private double[] fitLosses;
  private GaussianProcess gp;
  private double[] priorXs;
  private double[] priorLosses;
  private GaussianProcess prior;
  private OutputTransform.Fitted priorScale;
  private double weight = 1;

  /**
   * The weights of the prior's mean the job's data choose among, by marginal likelihood; the
   * largest wins ties (with no data of its own, the job follows its prior).
   */
  static final double[] WEIGHTS = {1, 0.75, 0.5, 0.25, 0};

  BayesianModel(long seed, int dim, HyperparameterFit fitter) {
    this.seed = seed;
    this.dim = dim;
    this.fitter = fitter;
  }

  boolean matches(long seed, int dim) {
    return this.seed == seed && this.dim == dim;
  }

  /** The refit schedule: the number of observations the hyperparameters for {@code n} come from. */
  static int fitSize(int n) {
    int k = 0;
    while (n >= 20L << k) {
      k++;
    }
    int step = 1 << k;
    return n - n % step;
  }

  /** The prior model of the transfer trials (fitted once per job), or null without any. */
  GaussianProcess prior(Observations obs) {
    if (obs.transferN == 0) {
      prior = null;
      priorScale = null;
      weight = 1;
      return null;
    }
    double[] xs = Arrays.copyOf(obs.transferXs, obs.transferN * dim);
    double[] losses = Arrays.copyOf(obs.transferLosses, obs.transferN);
    if (prior == null || !Arrays.equals(xs, priorXs) || !Arrays.equals(losses, priorLosses)) {
      priorXs = xs;
      priorLosses = losses;
      fitSize = -1; // the residuals change with the prior
      int[] subset = subset(losses, losses.length);
      priorScale = OutputTransform.fit(losses, losses.length);
      double[] y = priorScale.apply(losses, losses.length);
      GpHyperparameters h =
          fitter.fit(pick(xs, subset), pick1(y, subset), dim, seed * 31 + 0x7F4A7C15L);
      prior = new GaussianProcess(h);
      for (int i = 0; i < obs.transferN; i++) {
        prior.add(xs, i * dim);
      }
      prior.setTargets(y);
    }
    return prior;
  }

  /**
   * Brings the model of the observations up to date, after {@link #prior}, and returns it; the
   * caller sets the targets.
   */
  GaussianProcess update(Observations obs) {
    int s = fitSize(obs.n);
    if (gp == null || s != fitSize || !fitDataMatches(obs, s)) {
      fit(obs, s);
    }
    int p = 0;
    int limit = Math.min(gp.size(), obs.n);
    while (p < limit && gp.samePoint(p, obs.xs, p * dim)) {
      p++;
    }
    gp.truncate(p);
    for (int i = p; i < obs.n; i++) {
      gp.add(obs.xs, i * dim);
    }
    return gp;
  }

  /** Drops the fantasised observations a proposal added after the first {@code n}. */
  void dropFantasies(int n) {
    if (gp != null && gp.size() > n) {
      gp.truncate(n);
    }
  }

  int fittedOn() {
    return fitSize;
  }

  private boolean fitDataMatches(Observations obs, int s) {
    return Arrays.equals(fitXs, 0, fitXs.length, obs.xs, 0, s * dim)
        && Arrays.equals(fitLosses, 0, fitLosses.length, obs.losses, 0, s);
  }

  /**
   * The targets of the first {@code n} losses: on the parents' scale when there is a prior (so that
   * residuals from its mean mean something: a loss the parents would call bad stays bad), else on
   * their own (also when the job's data gave the prior weight 0: the job is then modelled as a cold
   * one).
   */
  double[] targets(double[] losses, int n) {
    return priorScale != null && priorWeight() > 0
        ? priorScale.apply(losses, n)
        : OutputTransform.apply(losses, n);
  }

  /**
   * The weight of the prior's mean in the job's posterior, chosen at the last fit: 1 without a
   * prior.
   */
  double priorWeight() {
    return prior == null ? 1 : weight;
  }

  private void fit(Observations obs, int s) {
    GpHyperparameters h;
    if (prior == null) {
      // the fit sees the first s observations as they were when there were s: transformed alone
      double[] y = OutputTransform.apply(obs.losses, s);
      int[] subset = subset(obs.losses, s);
      h = fitter.fit(pick(obs.xs, subset), pick1(y, subset), dim, seed * 0x9E3779B97F4A7C15L + s);
      weight = 1;
    } else {
      // residuals y − w·prior − c (c their mean: the job's level may differ from its parents')
      // for each weight w; the job's data choose w and the hyperparameters
      // together, by marginal likelihood (with under MIN_RESIDUAL_FIT observations, under the
      // prior's hyperparameters): a prior they contradict is weighed down, not just corrected
      // locally around the points the job tried
      double[] y = targets(obs.losses, s);
      double[] pm = new double[Math.max(1, s)];
      prior.predictMean(obs.xs, s, pm);
      int[] subset = subset(obs.losses, s);
      h = prior.hyperparameters();
      weight = 1;
      double best = Double.NEGATIVE_INFINITY;
      for (double w : WEIGHTS) {
        double[] r = new double[s];
        for (int i = 0; i < s; i++) {
          r[i] = y[i] - w * pm[i];
        }
        double c = mean(r, s);
        for (int i = 0; i < s; i++) {
          r[i] -= c;
        }
        GpHyperparameters hw =
            s < MIN_RESIDUAL_FIT
                ? prior.hyperparameters()
                : fitter.fit(
                    pick(obs.xs, subset), pick1(r, subset), dim, seed * 0x9E3779B97F4A7C15L + s);
        double lml = logMarginalLikelihood(hw, obs.xs, r, s);
        if (lml > best + 1e-9) {
          best = lml;
          weight = w;
          h = hw;
        }
      }
      if (weight == 0 && s >= MIN_RESIDUAL_FIT) {
        // the prior explains nothing: the job's own model, exactly as a cold job's
        double[] own = OutputTransform.apply(obs.losses, s);
        h =
            fitter.fit(
                pick(obs.xs, subset), pick1(own, subset), dim, seed * 0x9E3779B97F4A7C15L + s);
      }
    }
    fitSize = s;
    fitXs = Arrays.copyOf(obs.xs, s * dim);
    fitLosses = Arrays.copyOf(obs.losses, s);
    gp = new GaussianProcess(h);
  }

  /** The mean of the first {@code n} values, 0 for none. */
  static double mean(double[] v, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += v[i];
    }
    return n == 0 ? 0 : sum / n;
  }

  private double logMarginalLikelihood(GpHyperparameters h, double[] xs, double[] y, int s) {
    if (s == 0) {
      return 0;
    }
    GaussianProcess g = new GaussianProcess(h);
    for (int i = 0; i < s; i++) {
      g.add(xs, i * dim);
    }
    g.setTargets(y);
    return g.logMarginalLikelihood();
  }

  private double[] pick(double[] xs, int[] idx) {
    double[] out = new double[idx.length * dim];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(xs, idx[i] * dim, out, i * dim, dim);
    }
    return out;
  }

  private static double[] pick1(double[] v, int[] idx) {
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = v[idx[i]];
    }
    return out;
  }

  /** The first {@code s} indices, or for more than {@link #FIT_MAX} the best half and a spread. */
  static int[] subset(double[] losses, int s) {
    if (s <= FIT_MAX) {
      int[] all = new int[s];
      Arrays.setAll(all, i -> i);
      return all;
    }
    int half = FIT_MAX / 2;
    boolean[] take = new boolean[s];
    for (int i : Observations.best(losses, s, half)) {
      take[i] = true;
    }
    int rest = FIT_MAX - half;
    double stride = (double) (s - half) / rest;
    int added = 0;
    int seen = 0;
    for (int i = 0; i < s && added < rest; i++) {
      if (take[i]) {
        continue;
      }
      if (seen == (int) Math.floor(added * stride)) {
        take[i] = true;
        added++;
      }
      seen++;
    }
    int[] out = new int[half + added];
    int k = 0;
    for (int i = 0; i < s; i++) {
      if (take[i]) {
        out[k++] = i;
      }
    }
    return out;
  }
}
