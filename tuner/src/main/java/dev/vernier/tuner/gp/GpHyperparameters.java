package dev.vernier.tuner.gp;

import java.util.Arrays;
import java.util.Locale;

/**
 * A Gaussian process's hyperparameters: one length scale per coordinate, the signal variance and
 * the noise variance, stored as natural logarithms (the coordinates the fit works in). Immutable.
 */
public final class GpHyperparameters {
  private final double[] logLengthScales;
  private final double logSignalVariance;
  private final double logNoiseVariance;
  private final double[] invL2;

  public GpHyperparameters(
      double[] logLengthScales, double logSignalVariance, double logNoiseVariance) {
    this.logLengthScales = logLengthScales.clone();
    this.logSignalVariance = logSignalVariance;
    this.logNoiseVariance = logNoiseVariance;
    invL2 = new double[logLengthScales.length];
    for (int d = 0; d < invL2.length; d++) {
      invL2[d] = Math.exp(-2 * logLengthScales[d]);
    }
  }

  /** Packs {@code [log ℓ_1 .. log ℓ_D, log s², log σ²]} as the fit sees them. */
  public static GpHyperparameters fromVector(double[] theta) {
    int dim = theta.length - 2;
    return new GpHyperparameters(Arrays.copyOf(theta, dim), theta[dim], theta[dim + 1]);
  }

  public double[] toVector() {
    double[] t = Arrays.copyOf(logLengthScales, logLengthScales.length + 2);
    t[logLengthScales.length] = logSignalVariance;
    t[logLengthScales.length + 1] = logNoiseVariance;
    return t;
  }

  public int dimension() {
    return logLengthScales.length;
  }

  public double lengthScale(int d) {
    return Math.exp(logLengthScales[d]);
  }

  public double signalVariance() {
    return Math.exp(logSignalVariance);
  }

  public double noiseVariance() {
    return Math.exp(logNoiseVariance);
  }

  /** The inverse squared length scales, {@code 1 / ℓ_d²}; the caller must not change them. */
  double[] invL2() {
    return invL2;
  }

  /** The variance on the covariance matrix's diagonal: signal plus noise. */
  double diagonal() {
    return signalVariance() + noiseVariance();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GpHyperparameters h
        && Arrays.equals(logLengthScales, h.logLengthScales)
        && logSignalVariance == h.logSignalVariance
        && logNoiseVariance == h.logNoiseVariance;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toVector());
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("lengthScales=[");
    for (int d = 0; d < logLengthScales.length; d++) {
      sb.append(d == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3g", lengthScale(d)));
    }
    return sb.append(
            String.format(
                Locale.ROOT, "] signal=%.3g noise=%.3g", signalVariance(), noiseVariance()))
        .toString();
  }
}
