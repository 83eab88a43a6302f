package dev.vernier.monitor.window;

/**
 * What the watermark knows of one partition of a monitor's events source: the highest event time it
 * delivered ({@link Long#MIN_VALUE} while it has delivered nothing), and whether it was found idle
 * (caught up without ever delivering an event).
 */
public record PartitionMark(int partition, long maxEventTime, boolean idle) {
  /** Whether the partition has delivered at least one event. */
  public boolean delivered() {
    return maxEventTime != Long.MIN_VALUE;
  }
}
