/**
 * The decision benchmark: tuning jobs with early stopping and warm starts, run as a user runs them
 * on an in-process server over HTTP, and the markdown tables with PASS or MISS against each goal.
 * Takes the system clock from {@code platform.time} once, as its own wiring.
 */
package dev.vernier.bench.decisions;
