package dev.vernier.monitor.storage;

/**
 * A malformed source record on its way to the dead-letter topic: where it was read, why it was
 * refused, and its key and value bytes as consumed.
 *
 * @param id the outbox row's id (0 before it is stored)
 * @param attemptOffset the dead-letter partition's end offset before the first attempt to publish
 *     it, or null when never attempted
 */
public record DeadLetter(
    long id,
    String topic,
    int partition,
    long offset,
    String reason,
    String detail,
    byte[] key,
    byte[] value,
    Long attemptOffset) {
  /** A new dead letter, not stored yet. */
  public DeadLetter(
      String topic,
      int partition,
      long offset,
      String reason,
      String detail,
      byte[] key,
      byte[] value) {
    this(0, topic, partition, offset, reason, detail, key, value, null);
  }

  /** The source position as written in the {@code vernier.source} header: {@code topic-1@42}. */
  public String source() {
    return topic + "-" + partition + "@" + offset;
  }
}
