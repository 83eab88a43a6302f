package dev.vernier.monitor.storage;

/**
 * A batch read from positions that are no longer the stored ones: after a rebalance, another
 * consumer of the monitor's group (in this process or another replica) stored some of its records
 * first, so storing it would count them twice or move a position backwards. Raised by {@link
 * IngestRepository#ingest}, which stored nothing of the batch; the consumer seeks to the stored
 * positions and goes on. Not an error of the data or of the database: nothing to retry.
 */
public final class StaleBatchException extends RuntimeException {
  private final String topic;
  private final int partition;
  private final long stored;
  private final long from;

  public StaleBatchException(String topic, int partition, long stored, long from) {
    super(
        "stale batch: "
            + topic
            + "-"
            + partition
            + " was read from offset "
            + from
            + " but the stored position is "
            + stored
            + " (another consumer stored it after a rebalance)",
        null,
        false,
        false);
    this.topic = topic;
    this.partition = partition;
    this.stored = stored;
    this.from = from;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  /** The stored next offset when the batch was refused. */
  public long stored() {
    return stored;
  }

  /** The position the batch was read from. */
  public long from() {
    return from;
  }
}
