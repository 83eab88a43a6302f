/**
 * Time as an input: {@link dev.vernier.platform.time.SystemClock} is the one place the wall clock
 * is read, called only by the wiring; every other class takes an injected {@link java.time.Clock},
 * and tests pass a {@link dev.vernier.platform.time.ManualClock} instead of sleeping. {@code
 * WallClockReadsTest} (app) enforces it.
 */
package dev.vernier.platform.time;
