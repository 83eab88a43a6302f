/**
 * A tuning job as submitted and stored: {@link dev.vernier.tuner.job.JobSpec} (made only by {@link
 * dev.vernier.tuner.job.JobSpecParser}, whose errors name the JSON path), its parts (channels,
 * objective, limits, completion, early stopping, warm start), the job and trial records and states,
 * and the codecs storage uses. Immutable records; holders of a JobSpec may trust it.
 */
package dev.vernier.tuner.job;
