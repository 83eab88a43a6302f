package dev.vernier.monitor.drift;

import java.util.List;
import java.util.Map;

/**
 * Every feature's scores for one current window, with the multiple-testing correction applied to
 * the decisions of p-value methods.
 *
 * @param methods the method names, in the order scores are listed
 * @param correction how p-value decisions were corrected across features
 * @param baselineRows rows of the baseline
 * @param currentRows rows of the current window
 * @param features one entry per column, in column order
 * @param timings where the scoring time went
 */
public record DriftResults(
    List<String> methods,
    MultipleTesting correction,
    int baselineRows,
    int currentRows,
    List<FeatureDrift> features,
    Timings timings) {

  public DriftResults {
    methods = List.copyOf(methods);
    features = List.copyOf(features);
  }

  /**
   * Seconds spent scoring. Per-method and preparation times are summed over threads (CPU time of
   * the work, not elapsed time); {@code wallSeconds} is elapsed.
   *
   * @param prepareSeconds extracting and sorting the window's columns, shared by all methods
   * @param methodSeconds each method's scoring calls
   * @param wallSeconds the whole call, elapsed
   * @param threads the threads used
   */
  public record Timings(
      double prepareSeconds, Map<String, Double> methodSeconds, double wallSeconds, int threads) {
    public Timings {
      methodSeconds = Map.copyOf(methodSeconds);
    }
  }

  /** The features a method applies to. */
  public int applicable(String method) {
    return (int) features.stream().filter(f -> f.score(method).isPresent()).count();
  }

  /** The share of the features {@code method} applies to that it says drifted; NaN for none. */
  public double driftedShare(String method) {
    int n = applicable(method);
    long drifted =
        features.stream()
            .filter(f -> f.score(method).map(DriftScore::drifted).orElse(false))
            .count();
    return n == 0 ? Double.NaN : (double) drifted / n;
  }
}
