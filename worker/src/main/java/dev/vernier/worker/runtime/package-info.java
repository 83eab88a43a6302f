/**
 * The worker runtime: {@link dev.vernier.worker.runtime.WorkerRuntime} runs {@code slots} threads
 * that lease trials through a {@link dev.vernier.core.fleet.FleetClient}, run them ({@link
 * dev.vernier.worker.runtime.TrialExecutor}: a built-in algorithm or a registered command),
 * heartbeat, obey stops, upload and report. The same code for in-process slots and {@code vernier
 * worker}; it knows the fleet protocol only, never the tuner's storage.
 */
package dev.vernier.worker.runtime;
