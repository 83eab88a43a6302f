/**
 * The retraining policy: {@link dev.vernier.monitor.retrain.Retrainer} moves alerts' retraining
 * along, one pass per call on the monitor runner's loop, submitting warm-start jobs through the
 * tuner's public {@code TuningService} only, with time from an injected clock.
 */
package dev.vernier.monitor.retrain;
