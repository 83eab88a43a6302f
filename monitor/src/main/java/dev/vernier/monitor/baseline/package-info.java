/**
 * Baselines: what the data and the model's predictions looked like when the model was trained, and
 * the data-quality rules that follow from it.
 *
 * <p>{@link dev.vernier.monitor.baseline.BaselineBuilder} profiles a {@link
 * dev.vernier.core.data.Dataset} (and predictions) in one pass into a {@link
 * dev.vernier.monitor.baseline.Baseline}: a {@link dev.vernier.monitor.baseline.Schema}, one {@link
 * dev.vernier.monitor.baseline.FeatureProfile} per feature (exact moments, a KLL sketch, a display
 * histogram or exact category counts), suggested {@link dev.vernier.monitor.baseline.Constraints}
 * and {@link dev.vernier.monitor.baseline.BaselineProvenance}. {@link
 * dev.vernier.monitor.baseline.BaselineCodec} stores it as JSON; {@link
 * dev.vernier.monitor.baseline.ConstraintsCodec} reads constraints a person edited, with errors
 * naming the JSON path. Plain Java (Jackson for the codecs, DataSketches for the sketches).
 */
package dev.vernier.monitor.baseline;
