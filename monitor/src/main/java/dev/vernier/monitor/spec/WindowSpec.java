package dev.vernier.monitor.spec;

import java.time.Duration;

/**
 * Tumbling windows, either by event time ({@code size}, closed once the watermark passes the end
 * plus {@code allowedLateness}) or by count ({@code events} per window, closed when full).
 */
public record WindowSpec(Kind kind, long size, long allowedLatenessMillis) {
  public enum Kind {
    TIME,
    EVENTS
  }

  public WindowSpec {
    if (size <= 0) {
      throw new IllegalArgumentException("window size must be positive, got " + size);
    }
    if (allowedLatenessMillis < 0) {
      throw new IllegalArgumentException(
          "allowed lateness must be >= 0, got " + allowedLatenessMillis);
    }
  }

  public static WindowSpec time(Duration size, Duration allowedLateness) {
    // bounded: a spec stored before durations had a bound must not overflow here or later
    return new WindowSpec(
        Kind.TIME,
        MonitorSpecParser.boundedMillis(size),
        MonitorSpecParser.boundedMillis(allowedLateness));
  }

  public static WindowSpec events(long n) {
    return new WindowSpec(Kind.EVENTS, n, 0);
  }
}
