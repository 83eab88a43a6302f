package dev.vernier.monitor.window;

import dev.vernier.monitor.spec.WindowSpec;

/**
 * Where an event falls and when a window closes, for one {@link WindowSpec}. Pure arithmetic: the
 * state it reads (watermark, what is closed) is passed in.
 *
 * <p>Time windows are tumbling, aligned to the epoch: {@code [start, start + size)}. The {@link
 * Watermark} is the smallest, over the partitions that are not idle, of the highest event time seen
 * there; a window closes once the watermark reaches its end plus the allowed lateness. An event
 * whose window is already closed is late: it is counted, never silently dropped, and not added to
 * any window. Count windows hold {@code size} events each and close when full; no event is late.
 */
public final class Windowing {
  private final WindowSpec spec;

  public Windowing(WindowSpec spec) {
    this.spec = spec;
  }

  public WindowSpec spec() {
    return spec;
  }

  public boolean byTime() {
    return spec.kind() == WindowSpec.Kind.TIME;
  }

  /** The start of the time window holding {@code eventTime}. */
  public long startOf(long eventTime) {
    return Math.floorDiv(eventTime, spec.size()) * spec.size();
  }

  /** The end (exclusive) of the window starting at {@code start}. */
  public long endOf(long start) {
    return byTime() ? start + spec.size() : start + 1;
  }

  /** True when a time-window event belongs to a window that is already closed. */
  public boolean late(long eventTime, long closedThrough) {
    return byTime() && startOf(eventTime) + spec.size() <= closedThrough;
  }

  /** True when the window may close: full (count) or passed by the watermark (time). */
  public boolean closable(long windowEnd, long events, long watermark) {
    if (!byTime()) {
      return events >= spec.size();
    }
    return watermark != Watermark.NONE && watermark >= windowEnd + spec.allowedLatenessMillis();
  }
}
