/**
 * Drift between a baseline and current windows, per feature and for a dataset.
 *
 * <p>The contract sits here: {@link dev.vernier.monitor.drift.DriftMethod} (the SPI: fitted once on
 * the baseline, then scores windows), {@link dev.vernier.monitor.drift.DriftMethods} (the methods
 * on the class path by name, a {@link dev.vernier.core.registry.Registry}), the values a method
 * returns ({@link dev.vernier.monitor.drift.DriftScore}, {@link
 * dev.vernier.monitor.drift.Threshold}, {@link dev.vernier.monitor.drift.FeatureKind}) and the
 * analysis that runs the methods over every feature ({@link
 * dev.vernier.monitor.drift.DriftAnalysis}, {@link dev.vernier.monitor.drift.DriftResults}, {@link
 * dev.vernier.monitor.drift.DatasetDrift}, {@link dev.vernier.monitor.drift.MultipleTesting}).
 *
 * <p>Each method is one class in {@code drift.method}; the statistics they share (sorted samples,
 * the merge walk, the Kolmogorov and Smirnov distributions, bins, category counts, numpy's
 * summation order) are in {@code drift.stats}. Arrows: {@code drift.method} → {@code drift} and
 * {@code drift.stats}; {@code drift} → {@code drift.stats}; {@code drift.stats} → neither. Plain
 * Java: no storage, no framework.
 */
package dev.vernier.monitor.drift;
