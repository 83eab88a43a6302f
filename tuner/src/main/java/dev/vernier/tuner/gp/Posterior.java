package dev.vernier.tuner.gp;

/**
 * What an acquisition function needs from a model: the posterior mean and variance of the latent
 * objective at batches of points of the encoded space. Not thread-safe.
 */
public interface Posterior {

  /** The number of coordinates of a point. */
  int dimension();

  /**
   * Writes the posterior mean and variance at {@code count} points stored one after another in
   * {@code points}.
   */
  void predict(double[] points, int count, double[] mean, double[] variance);

  /**
   * Like {@link #predict} with exact means but each variance conditioned on the {@code m}
   * observations most correlated with the point only: an upper bound of the exact variance, cheaper
   * on large models.
   */
  void predictLocal(double[] points, int count, double[] mean, double[] variance, int m);
}
