package dev.vernier.monitor.ingest;

import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.storage.IngestBatch;

/**
 * Where ingestion hands its batches: stores them (one transaction) and closes the windows that
 * became ready. Implemented by the monitor service; shared by the Kafka consumer and HTTP
 * ingestion.
 */
public interface BatchSink {
  /** A fresh parser for this monitor's events (parsers are not thread-safe). */
  EventParser parser(String monitorId);

  /** True when the monitor joins labels, so predictions must be kept. */
  boolean joinsLabels(String monitorId);

  /** True when the monitor captures labelled events as training data. */
  boolean captures(String monitorId);

  IngestBatch.Result accept(String monitorId, IngestBatch batch);

  /**
   * The monitor's periodic work: expires what waited past its time on the service's clock (labels
   * waiting for their event), evaluates and closes the windows that are ready; called after batches
   * and when idle.
   */
  void closeReady(String monitorId);

  /**
   * Reports the monitor's ingestion health: {@code reason} non-null when a batch or window keeps
   * failing (the monitor is DEGRADED and retries), null once a batch succeeds again. Called on
   * changes only; must not throw.
   */
  default void health(String monitorId, String reason) {}
}
