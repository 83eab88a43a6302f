/**
 * {@link dev.vernier.worker.Trainer}: trains one model and stores it with its provenance, for
 * {@code vernier train} and for each trial of a worker slot. Its clock is injected, so provenance
 * times are testable.
 */
package dev.vernier.worker;
