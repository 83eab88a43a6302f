package dev.vernier.monitor.window;

import java.util.List;

/**
 * The event-time watermark of a monitor: how far event time has gone over the partitions of its
 * events source, so that a time window may close once it passes the window's end plus the allowed
 * lateness. Pure: the marks are read by the caller (from the store, so every replica computes the
 * same watermark).
 *
 * <p>The rule, as Flink's source idleness has it:
 *
 * <ul>
 *   <li>Each partition that is not idle holds the watermark at the highest event time it has
 *       delivered: the watermark is the smallest of these.
 *   <li>A partition that is not idle and has delivered nothing makes it {@link #NONE}: its first
 *       events may be older than every other partition's, and closing a window before hearing from
 *       it would make them late.
 *   <li>An idle partition (caught up and silent for the consumer's idle timeout, or caught up
 *       without ever having delivered) holds nothing back, whatever it delivered before, until it
 *       delivers again. It then holds the watermark at its new events' time, but never below where
 *       the watermark already was ({@link #markAfter}): a late event neither moves a partition back
 *       nor makes one that was idle hold the watermark at its old time.
 *   <li>When every partition is idle, nothing is in flight anywhere: the watermark is the newest
 *       event time delivered, as it is for a topic of one partition ({@link #NONE} when none has
 *       delivered).
 *   <li>No partition known: {@link #NONE}.
 * </ul>
 */
public final class Watermark {
  /** No watermark yet: no time window may close. */
  public static final long NONE = Long.MIN_VALUE;

  private Watermark() {}

  /** The watermark over {@code marks}, or {@link #NONE}. */
  public static long of(List<PartitionMark> marks) {
    long slowest = Long.MAX_VALUE;
    boolean active = false;
    long newest = NONE;
    for (PartitionMark m : marks) {
      if (m.delivered()) {
        newest = Math.max(newest, m.maxEventTime());
      }
      if (m.idle()) {
        continue;
      }
      if (!m.delivered()) {
        return NONE; // waiting for its first events
      }
      active = true;
      slowest = Math.min(slowest, m.maxEventTime());
    }
    return active ? slowest : newest;
  }

  /**
   * The highest event time to store for a partition whose batch delivered events up to {@code
   * delivered}, when the watermark was {@code watermark}: never below the watermark. Events behind
   * it (late ones, or on time in a window the lateness keeps open) do not pull the partition's mark
   * back, so a partition that comes back from idle with them holds the watermark where it was, not
   * at their time.
   */
  public static long markAfter(long delivered, long watermark) {
    return watermark == NONE ? delivered : Math.max(delivered, watermark);
  }
}
