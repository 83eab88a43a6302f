package dev.vernier.tuner.strategy;

import dev.vernier.tuner.gp.AcquisitionOptimizer;
import dev.vernier.tuner.gp.GaussianProcess;
import dev.vernier.tuner.gp.HyperparameterFit;
import dev.vernier.tuner.gp.Posterior;
import dev.vernier.tuner.gp.SpaceEncoding;
import dev.vernier.tuner.gp.StackedPosterior;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bayesian optimisation with a Gaussian process (Matérn 5/2, a length scale per coordinate, fitted
 * by maximum marginal likelihood under weak priors) on the unit-cube encoding of the space
 * (logarithmic ranges warped by their scaling, categoricals one-hot), objectives through a shifted
 * log and standardised ({@link dev.vernier.tuner.gp.OutputTransform}), and expected improvement
 * maximised by random and local search.
 *
 * <ul>
 *   <li>The first {@code max(5, parameters + 1)} observations come from a scrambled Sobol design.
 *   <li>Running and pending trials, and earlier proposals of the same call, enter the model as a
 *       constant liar: fantasised observations at the best value so far, so parallel workers get
 *       distinct proposals.
 *   <li>Failed trials are not observations; their configurations, like every tried one, are not
 *       proposed again.
 *   <li>Warm start: {@code identical-data} trials are plain observations; {@code transfer} trials
 *       are fitted by a model of their own whose mean is the prior the job's model corrects ({@link
 *       StackedPosterior}), so the job's own results overrule them.
 * </ul>
 *
 * The model is cached per job ({@link BayesianModel}); results do not depend on the cache.
 */
public final class BayesianStrategy implements SearchStrategy {
  private static final int CACHE_SIZE = 64;
  private static final int INCUMBENTS = 3;

  private final HyperparameterFit fitter;
  private final Map<String, BayesianModel> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BayesianModel> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  public BayesianStrategy() {
    this(new HyperparameterFit(1, 50));
  }

  BayesianStrategy(HyperparameterFit fitter) {
    this.fitter = fitter;
  }

  @Override
  public String name() {
    return "bayesian";
  }

  @Override
  public String description() {
    return "Gaussian process (Matérn 5/2) with expected improvement; Sobol start, constant liar";
  }

  /** The number of observations before the model takes over from the Sobol design. */
  static int initialDesign(int parameters) {
    return Math.max(5, parameters + 1);
  }

  @Override
  public List<Proposal> propose(StrategyContext ctx, int count) {
    SpaceEncoding enc = new SpaceEncoding(ctx.space());
    Observations obs = new Observations(ctx, enc);
    if (obs.n + obs.transferN < initialDesign(enc.parameters())) {
      return sobol(ctx, count, obs);
    }
    BayesianModel model = model(ctx, enc.dimension());
    synchronized (model) {
      try {
        return fromModel(ctx, count, obs, enc, model);
      } finally {
        model.dropFantasies(obs.n);
      }
    }
  }

  private List<Proposal> sobol(StrategyContext ctx, int count, Observations obs) {
    String label =
        "initial design ("
            + (obs.n + obs.transferN)
            + " of "
            + initialDesign(ctx.space().dimensions())
            + " observations before the model): sobol point ";
    return SobolStrategy.design(ctx, count, label);
  }

  private BayesianModel model(StrategyContext ctx, int dim) {
    if (ctx.jobId() == null) {
      return new BayesianModel(ctx.seed(), dim, fitter);
    }
    synchronized (cache) {
      BayesianModel m = cache.get(ctx.jobId());
      if (m == null || !m.matches(ctx.seed(), dim)) {
        m = new BayesianModel(ctx.seed(), dim, fitter);
        cache.put(ctx.jobId(), m);
      }
      return m;
    }
  }

  private List<Proposal> fromModel(
      StrategyContext ctx, int count, Observations obs, SpaceEncoding enc, BayesianModel model) {
    int dim = enc.dimension();
    GaussianProcess prior = model.prior(obs);
    GaussianProcess gp = model.update(obs);
    int n = obs.n;
    // the prior's mean enters weighed by how well it explains the job's own data (0 to 1)
    // and the residuals' constant part, their mean (the job's level against its parents'): the
    // "prior mean" below is weight · prior + offset
    double weight = model.priorWeight();
    double[] priorMean = new double[Math.max(1, n)];
    double[] y = n > 0 ? model.targets(obs.losses, n) : new double[0];
    double offset = 0;
    if (prior != null && weight > 0) {
      prior.predictMean(obs.xs, n, priorMean);
      for (int i = 0; i < n; i++) {
        priorMean[i] *= weight;
        offset += (y[i] - priorMean[i]) / n;
      }
      for (int i = 0; i < n; i++) {
        priorMean[i] += offset;
      }
    }
    double[] targets = new double[n + obs.activeCount + count];
    for (int i = 0; i < n; i++) {
      targets[i] = y[i] - priorMean[i];
    }
    gp.setTargets(targets);
    Posterior posterior = prior == null ? gp : new StackedPosterior(prior, gp, weight, offset);

    // the incumbent is the best fitted mean, not the best noisy observation: with noise, every
    // observation's target lies below the mean around it and expected improvement would vanish
    double incumbent = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      incumbent = Math.min(incumbent, priorMean[i] + gp.fittedMean(i));
    }
    for (int j = 0; n == 0 && j < obs.transferN; j++) {
      incumbent = Math.min(incumbent, prior.fittedMean(j));
    }
    int[] best =
        n > 0
            ? Observations.best(obs.losses, n, INCUMBENTS)
            : Observations.best(obs.transferLosses, obs.transferN, INCUMBENTS);
    double[] incumbents = new double[best.length * dim];
    for (int i = 0; i < best.length; i++) {
      System.arraycopy(n > 0 ? obs.xs : obs.transferXs, best[i] * dim, incumbents, i * dim, dim);
    }
    // constant liar: every unfinished trial is "observed" at the incumbent's value
    double[] one = new double[1];
    for (int i = 0; i < obs.activeCount; i++) {
      gp.add(obs.active, i * dim);
      targets[n + i] =
          incumbent - weight * priorMeanAt(prior, obs.active, i * dim, dim, one) - offset;
    }
    SplittableRandom rng = SearchStrategy.random(ctx, 0x42415945L);
    List<Proposal> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      gp.setTargets(targets);
      AcquisitionOptimizer.Budget budget = AcquisitionOptimizer.Budget.forModelSize(gp.size());
      List<AcquisitionOptimizer.Candidate> ranked =
          new AcquisitionOptimizer(posterior, enc, incumbent)
              .maximise(budget, incumbents, best.length, rng, 64);
      AcquisitionOptimizer.Candidate chosen = null;
      Map<String, Object> config = null;
      for (AcquisitionOptimizer.Candidate c : ranked) {
        Map<String, Object> cfg = enc.decode(c.x(), 0);
        if (!obs.tried.contains(cfg)) {
          chosen = c;
          config = cfg;
          break;
        }
      }
      String note;
      if (chosen == null) {
        config = RandomStrategy.draw(ctx, rng);
        for (int a = 0; a < 32 && obs.tried.contains(config); a++) {
          config = RandomStrategy.draw(ctx, rng);
        }
        note = "random draw: every point the model ranked high was tried already";
      } else {
        note = note(chosen, incumbent, obs, k, model, prior != null);
      }
      obs.tried.add(config);
      out.add(new Proposal(config, note));
      if (k + 1 < count) {
        double[] x = new double[dim];
        enc.encode(config, x, 0);
        gp.add(x, 0);
        targets[n + obs.activeCount + k] =
            incumbent - weight * priorMeanAt(prior, x, 0, dim, one) - offset;
      }
    }
    return out;
  }

  private static double priorMeanAt(
      GaussianProcess prior, double[] xs, int off, int dim, double[] one) {
    if (prior == null) {
      return 0;
    }
    prior.predictMean(java.util.Arrays.copyOfRange(xs, off, off + dim), 1, one);
    return one[0];
  }

  private static String note(
      AcquisitionOptimizer.Candidate c,
      double incumbent,
      Observations obs,
      int k,
      BayesianModel model,
      boolean transfer) {
    int pending = obs.activeCount + k;
    return String.format(
        Locale.ROOT,
        "expected improvement %.3g (standardised log-loss predicted %.2f ± %.2f, incumbent %.2f);"
            + " GP on %d observations%s%s, hyperparameters %s",
        Math.exp(c.logEi()),
        c.mean(),
        c.sd(),
        incumbent,
        obs.n,
        transfer
            ? " over a prior of "
                + obs.transferN
                + " transfer trials (weight "
                + model.priorWeight()
                + ")"
            : "",
        pending > 0 ? " + " + pending + " pending at the incumbent (constant liar)" : "",
        transfer && model.fittedOn() < BayesianModel.MIN_RESIDUAL_FIT
            ? "from the prior"
            : "fitted on " + model.fittedOn());
  }
}
