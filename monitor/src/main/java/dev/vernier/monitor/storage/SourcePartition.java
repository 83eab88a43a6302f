package dev.vernier.monitor.storage;

/**
 * A partition of a monitor's source topic (events or labels), as a Kafka consumer holds it: what
 * the dead-letter outbox is read by ({@link IngestRepository#pendingDeadLetters(String,
 * java.util.Set, int)}).
 */
public record SourcePartition(String topic, int partition) {
  public SourcePartition {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("topic must not be empty, got " + topic);
    }
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, got " + partition);
    }
  }
}
