/**
 * The fleet protocol as records: what a worker receives with a lease ({@link
 * dev.vernier.core.fleet.TrialAssignment}), sends after each epoch and at the end, and what the
 * service answers. {@link dev.vernier.core.fleet.FleetClient} is the worker's side, implemented in
 * process by the tuner and over HTTP by the app; implementations are thread-safe, one client for
 * all of a worker's slots.
 */
package dev.vernier.core.fleet;
