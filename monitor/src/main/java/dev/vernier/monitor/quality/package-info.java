/**
 * Data and model quality of a window, as mergeable accumulators with a compact persisted state.
 *
 * <p>{@link dev.vernier.monitor.quality.DataQuality} counts missing values, type mismatches,
 * out-of-range values and unseen categories per feature and reports {@link
 * dev.vernier.monitor.quality.Violation}s of the baseline's {@link
 * dev.vernier.monitor.baseline.Constraints}. {@link dev.vernier.monitor.quality.ModelQuality}
 * accumulates (prediction, label) pairs into a {@link
 * dev.vernier.monitor.quality.ClassificationQuality} or {@link
 * dev.vernier.monitor.quality.RegressionQuality} and compares a window with the baseline's quality
 * ({@link dev.vernier.monitor.quality.ModelViolation}); a classifier over the classes present in
 * the window, against the baseline's on the same classes ({@link
 * dev.vernier.monitor.quality.MatchedClasses}). Accumulators are not thread-safe: one per
 * partition, combined with {@code merge}, persisted between batches with {@code toBytes} / {@code
 * fromBytes}. Plain Java.
 */
package dev.vernier.monitor.quality;
