package dev.vernier.tuner.gp;

/**
 * Transfer learning by stacking (as in Google Vizier): a Gaussian process fitted to the residuals
 * of a job's own observations from the posterior mean of a prior model fitted to a parent job's
 * observations. Where the job has no data the prior's mean leads, with the residual model's full
 * prior variance; where it has data its residuals correct the prior, however far they contradict
 * it. The prior's mean enters with a weight in [0, 1] that the job's own data choose ({@code
 * BayesianStrategy}): a prior its own observations contradict is weighed down, so that it cannot
 * hold the search where the parents' optimum was.
 */
public final class StackedPosterior implements Posterior {
  private final GaussianProcess prior;
  private final GaussianProcess residual;
  private final double weight;
  private double[] priorMean = new double[0];

  private final double offset;

  /** The prior's mean with weight 1. */
  public StackedPosterior(GaussianProcess prior, GaussianProcess residual) {
    this(prior, residual, 1, 0);
  }

  /**
   * The mean is {@code weight · prior mean + offset + residual mean}.
   *
   * @param weight the share of the prior's mean in this posterior's, from 0 (none) to 1
   * @param offset the residuals' constant part (the job's level against its parents')
   */
  public StackedPosterior(
      GaussianProcess prior, GaussianProcess residual, double weight, double offset) {
    if (!(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException("the prior's weight must be in [0, 1], got " + weight);
    }
    this.weight = weight;
    this.offset = offset;
    if (prior.dimension() != residual.dimension()) {
      throw new IllegalArgumentException(
          "the prior and residual models must share a space, got "
              + prior.dimension()
              + " and "
              + residual.dimension()
              + " coordinates");
    }
    this.prior = prior;
    this.residual = residual;
  }

  @Override
  public int dimension() {
    return residual.dimension();
  }

  @Override
  public void predict(double[] points, int count, double[] mean, double[] variance) {
    residual.predict(points, count, mean, variance);
    addPriorMean(points, count, mean);
  }

  @Override
  public void predictLocal(double[] points, int count, double[] mean, double[] variance, int m) {
    residual.predictLocal(points, count, mean, variance, m);
    addPriorMean(points, count, mean);
  }

  private void addPriorMean(double[] points, int count, double[] mean) {
    if (priorMean.length < count) {
      priorMean = new double[count];
    }
    prior.predictMean(points, count, priorMean);
    for (int b = 0; b < count; b++) {
      mean[b] += weight * priorMean[b] + offset;
    }
  }
}
