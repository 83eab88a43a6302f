/**
 * The monitor's public face and its processes: {@link dev.vernier.monitor.service.MonitorService}
 * (create monitors, hold their fitted models, store batches, close windows; thread-safe, called by
 * the REST API, the CLI and ingestion), HTTP ingestion, late labels and the {@link
 * dev.vernier.monitor.service.MonitorRunner} that runs consumers and the closing loop. Time comes
 * from an injected clock.
 */
package dev.vernier.monitor.service;
