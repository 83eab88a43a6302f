package dev.vernier.monitor.quality;

/**
 * A regressor's quality. NaN for every metric when {@code count} is 0.
 *
 * @param rmse root mean squared error
 * @param mae mean absolute error
 * @param r2 coefficient of determination, {@code 1 - SS_res / SS_tot}; NaN when the labels are
 *     constant
 * @param bias mean of {@code prediction - label}
 */
public record RegressionQuality(
    long count, long skipped, double rmse, double mae, double r2, double bias)
    implements ModelQualityResult {}
