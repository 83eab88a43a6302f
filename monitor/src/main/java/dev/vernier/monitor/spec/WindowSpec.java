package dev.vernier.monitor.spec;

import java.time.Duration;

/**
 * Tumbling windows, either by event time ({@code size}, closed once the watermark passes the end
 * plus {@code allowedLateness}) or by count ({@code events} per window, closed when full).
 *
 * <p>{@code maxFutureSkewMillis} bounds how far ahead of the service's clock an event's time may be
 * when it is ingested (the maximum clock skew of stream processors): an event further ahead is
 * refused ({@code future_event_time}). For time windows this keeps one far-future event from moving
 * the watermark ahead and closing every later window of current traffic at once; for count windows
 * it keeps one from expiring every prediction still waiting for its label (the label horizon is
 * measured on the newest event time of a batch), so it applies to both kinds.
 */
public record WindowSpec(
    Kind kind, long size, long allowedLatenessMillis, long maxFutureSkewMillis) {
  public enum Kind {
    TIME,
    EVENTS
  }

  /** How far ahead of the ingest time an event's time may be unless the spec says otherwise. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofHours(1);

  public WindowSpec {
    if (size <= 0) {
      throw new IllegalArgumentException("window size must be positive, got " + size);
    }
    if (allowedLatenessMillis < 0) {
      throw new IllegalArgumentException(
          "allowed lateness must be >= 0, got " + allowedLatenessMillis);
    }
    if (maxFutureSkewMillis < 0) {
      throw new IllegalArgumentException("maxFutureSkew must be >= 0, got " + maxFutureSkewMillis);
    }
  }

  /** A window with the default maximum future skew. */
  public WindowSpec(Kind kind, long size, long allowedLatenessMillis) {
    this(kind, size, allowedLatenessMillis, DEFAULT_MAX_FUTURE_SKEW.toMillis());
  }

  public static WindowSpec time(Duration size, Duration allowedLateness) {
    return time(size, allowedLateness, DEFAULT_MAX_FUTURE_SKEW);
  }

  public static WindowSpec time(Duration size, Duration allowedLateness, Duration maxFutureSkew) {
    // bounded: a spec stored before durations had a bound must not overflow here or later
    return new WindowSpec(
        Kind.TIME,
        MonitorSpecParser.boundedMillis(size),
        MonitorSpecParser.boundedMillis(allowedLateness),
        MonitorSpecParser.boundedMillis(maxFutureSkew));
  }

  public static WindowSpec events(long n) {
    return events(n, DEFAULT_MAX_FUTURE_SKEW);
  }

  public static WindowSpec events(long n, Duration maxFutureSkew) {
    return new WindowSpec(Kind.EVENTS, n, 0, MonitorSpecParser.boundedMillis(maxFutureSkew));
  }
}
