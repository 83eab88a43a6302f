package dev.vernier.worker.nn;

/**
 * A network's loss and accuracy over a dataset.
 *
 * @param meanLoss the head's loss averaged over rows (cross-entropy, logistic or squared error)
 * @param accuracy the share of rows predicted right; NaN for regression
 */
public record Evaluation(double meanLoss, double accuracy) {}
