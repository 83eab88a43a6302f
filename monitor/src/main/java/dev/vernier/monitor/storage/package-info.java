/**
 * The monitor's repositories as narrow interfaces (monitors, windows, labels, ingestion, alerts,
 * deliveries), gathered by {@link dev.vernier.monitor.storage.MonitorStore}, and the records they
 * hold. Each interface says who calls it, its transactions and what it raises, and an abstract
 * contract test checks it; the rules deciding what to write live in {@code monitor.window}, {@code
 * label} and {@code alert}, not here.
 */
package dev.vernier.monitor.storage;
