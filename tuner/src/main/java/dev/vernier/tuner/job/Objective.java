package dev.vernier.tuner.job;

import dev.vernier.core.catalog.Direction;

/**
 * The metric a job optimises, in which direction, and which epoch's value is a trial's objective.
 *
 * @param aggregation {@link Aggregation#LATEST} (the default, as SageMaker): the last value
 *     reported; {@link Aggregation#BEST} (Katib's choice): the best epoch's value in {@code
 *     direction}
 */
public record Objective(String metric, Direction direction, Aggregation aggregation) {

  /** How a trial's epochs make its objective. */
  public enum Aggregation {
    LATEST,
    BEST;

    /** The spelling users write: {@code latest} or {@code best}. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Objective {
    aggregation = aggregation == null ? Aggregation.LATEST : aggregation;
  }

  /** An objective whose trials count their last value. */
  public Objective(String metric, Direction direction) {
    this(metric, direction, Aggregation.LATEST);
  }
}
