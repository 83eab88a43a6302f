package dev.vernier.monitor.label;

/**
 * A prediction waiting for its ground-truth label, as stored: the inference it came from, the
 * window it was counted in, the predicted value, and its features (float32 little-endian) when the
 * monitor captures labelled rows for retraining, else null.
 */
public record PendingPrediction(
    String inferenceId, long windowStart, double prediction, byte[] features) {}
