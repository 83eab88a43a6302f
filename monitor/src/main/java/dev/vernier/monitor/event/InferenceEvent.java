package dev.vernier.monitor.event;

/**
 * One model inference as the monitor sees it, after parsing.
 *
 * @param inferenceId the id that joins the event to its label; null when read by a parser that does
 *     not keep ids ({@link EventParser#withoutIds()})
 * @param features one value per feature of the baseline schema: NaN when missing or of the wrong
 *     type; for categorical features the category's code, -1 for a category the baseline never saw
 * @param mismatches indices of the features whose value had the wrong type (their value is NaN)
 * @param prediction the model's output (class index or value); NaN when the event carries none
 */
public record InferenceEvent(
    String inferenceId, long eventTime, float[] features, int[] mismatches, double prediction) {}
