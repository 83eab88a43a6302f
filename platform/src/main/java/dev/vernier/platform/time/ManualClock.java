package dev.vernier.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told (Syne Tune's simulated time): lease expiry, windows, label
 * horizons, delivery back-off and cache expiry are tested with it instead of sleeping. Every
 * service class takes its time from an injected {@link Clock}; production passes {@link
 * SystemClock#get()}, tests this.
 *
 * <p>Thread-safe: readers on other threads see each move at once. Its zone is UTC.
 */
public final class ManualClock extends Clock {
  private volatile long millis;

  /** A clock at {@code millis} since the epoch. */
  public ManualClock(long millis) {
    this.millis = millis;
  }

  /** Moves the clock forward (or back, for a negative value) by {@code ms} milliseconds. */
  public synchronized void advance(long ms) {
    millis += ms;
  }

  /** Moves the clock forward by {@code d}. */
  public void advance(Duration d) {
    advance(d.toMillis());
  }

  /** Sets the clock to {@code millis} since the epoch. */
  public void set(long millis) {
    this.millis = millis;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public long millis() {
    return millis;
  }
}
