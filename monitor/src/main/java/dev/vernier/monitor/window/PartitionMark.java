package dev.vernier.monitor.window;

/**
 * What the watermark knows of one partition of a monitor's events source: the highest event time it
 * delivered ({@link Long#MIN_VALUE} while it has delivered nothing; never below the watermark when
 * it delivered, see {@link Watermark#markAfter}), and whether it is idle (its consumer found it
 * caught up and silent for the idle timeout, or caught up without ever delivering; a batch bringing
 * it events ends that). An idle partition does not hold the {@link Watermark} back.
 */
public record PartitionMark(int partition, long maxEventTime, boolean idle) {
  /** Whether the partition has delivered at least one event. */
  public boolean delivered() {
    return maxEventTime != Long.MIN_VALUE;
  }
}
