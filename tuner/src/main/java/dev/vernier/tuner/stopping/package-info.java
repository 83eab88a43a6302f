/**
 * Early stopping: the {@link dev.vernier.tuner.stopping.EarlyStopper} SPI (median rule, ASHA, off),
 * found by name in the {@link dev.vernier.tuner.stopping.StopperRegistry}, deciding on a read-only
 * view of a job's reports and returning a {@link dev.vernier.tuner.stopping.StopDecision} with a
 * reason a person reads. Stoppers never write storage.
 */
package dev.vernier.tuner.stopping;
