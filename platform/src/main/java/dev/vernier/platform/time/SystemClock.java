package dev.vernier.platform.time;

import java.time.Clock;

/**
 * The one place the program reads the wall clock. Only the wiring calls it (the CLI's root command,
 * which hands the clock to every command, and the benchmarks' own setup); every other class takes
 * an injected {@link Clock}, so that tests drive time with {@link ManualClock}. {@code
 * WallClockReadsTest} (app) fails when a wall-clock read appears anywhere else.
 */
public final class SystemClock {
  private SystemClock() {}

  /** The system clock, in UTC. */
  public static Clock get() {
    return Clock.systemUTC();
  }
}
