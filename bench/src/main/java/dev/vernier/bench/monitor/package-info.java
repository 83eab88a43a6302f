/**
 * The monitor's benchmarks: Kafka ingestion through a running monitor against a bare consumer,
 * drift scoring on the scipy peer's workload, and one column's merge-based scoring. They observe
 * the monitor from outside ({@link dev.vernier.bench.monitor.IngestProbe}) and never change its
 * code.
 */
package dev.vernier.bench.monitor;
