/**
 * The statistics the drift methods share, plain and stateless (or immutable): {@link
 * dev.vernier.monitor.drift.stats.SortedSample} (a column sorted once, NaNs dropped, the methods'
 * input), {@link dev.vernier.monitor.drift.stats.EcdfWalk} (one merge walk giving the KS statistic
 * and W1), {@link dev.vernier.monitor.drift.stats.KsTwoSample} with the {@link
 * dev.vernier.monitor.drift.stats.KolmogorovDistribution} and {@link
 * dev.vernier.monitor.drift.stats.Smirnov} distributions (scipy's p-values), {@link
 * dev.vernier.monitor.drift.stats.DecileBins}, {@link
 * dev.vernier.monitor.drift.stats.CategoryCounts}, {@link
 * dev.vernier.monitor.drift.stats.FloatRadixSort} and {@link
 * dev.vernier.monitor.drift.stats.NumpySum} (numpy's pairwise summation, for bit-for-bit
 * agreement). Nothing here knows the drift SPI: this package depends on no other drift package.
 */
package dev.vernier.monitor.drift.stats;
