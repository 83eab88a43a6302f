/**
 * Evaluation of a closed window against the baseline: {@link
 * dev.vernier.monitor.evaluate.MonitorModel} (what a monitor holds in memory, drift methods fitted
 * once) and {@link dev.vernier.monitor.evaluate.WindowEvaluator}, which gives drift, data quality,
 * prediction drift and model quality as a {@link dev.vernier.monitor.evaluate.WindowVerdict}. Plain
 * Java, no storage; a MonitorModel may be shared by threads once built.
 */
package dev.vernier.monitor.evaluate;
