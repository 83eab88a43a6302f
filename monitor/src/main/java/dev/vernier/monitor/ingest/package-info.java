/**
 * Ingestion from Kafka: one {@link dev.vernier.monitor.ingest.KafkaIngestor} per monitor reads its
 * events and labels topics, parses on the consumer's thread, dead-letters malformed records ({@link
 * dev.vernier.monitor.ingest.DeadLetters}, exactly once, by the replica holding the source
 * partition) and hands each batch to a {@link dev.vernier.monitor.ingest.BatchSink}, which stores
 * it with its offsets in one transaction. One of the two packages that may use Kafka; figures leave
 * through {@link dev.vernier.monitor.ingest.MonitorMetrics}, implemented by the app.
 */
package dev.vernier.monitor.ingest;
