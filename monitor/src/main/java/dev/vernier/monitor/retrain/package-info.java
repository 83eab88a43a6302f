/**
 * The retraining policy: {@link dev.vernier.monitor.retrain.Retrainer} moves alerts' retraining
 * along, one pass per call on the monitor runner's loop, submitting warm-start jobs through the
 * tuner's public {@code TuningService} only, with time from an injected clock. What it checks
 * before it submits a job is {@code RetrainSafeguards}'; how it writes the job's data and submits
 * it, {@code RetrainSubmission}'.
 */
package dev.vernier.monitor.retrain;
