package dev.vernier.monitor.window;

import java.util.List;

/**
 * The event-time watermark of a monitor: the smallest, over the partitions of its events source, of
 * the highest event time each has delivered. It does not exist ({@link #NONE}) while no partition
 * is known, or while a registered partition that is not idle has delivered nothing: that
 * partition's first events may be older than every other partition's, so closing a window before
 * hearing from it would make them late. An idle partition (caught up, never delivered) does not
 * hold it back. Pure: the marks are read by the caller.
 */
public final class Watermark {
  /** No watermark yet: no time window may close. */
  public static final long NONE = Long.MIN_VALUE;

  private Watermark() {}

  /** The watermark over {@code marks}, or {@link #NONE}. */
  public static long of(List<PartitionMark> marks) {
    long min = Long.MAX_VALUE;
    boolean waiting = marks.isEmpty();
    for (PartitionMark m : marks) {
      if (m.delivered()) {
        min = Math.min(min, m.maxEventTime());
      } else {
        waiting |= !m.idle();
      }
    }
    return waiting || min == Long.MAX_VALUE ? NONE : min;
  }
}
