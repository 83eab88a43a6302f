package dev.vernier.monitor.baseline;

import dev.vernier.core.InvalidInputException;
import java.util.Objects;

/**
 * The prediction column: class indices in {@code [0, classCount)} for a classifier, or numbers.
 *
 * @param classCount at least 2 for {@link PredictionType#CLASS}; 0 for {@link
 *     PredictionType#NUMERIC}
 */
public record PredictionSchema(PredictionType type, int classCount) {
  /** The most classes a prediction column may have (class counts are kept exactly). */
  public static final int MAX_CLASSES = 1 << 16;

  public PredictionSchema {
    Objects.requireNonNull(type, "type");
    if (type == PredictionType.CLASS && (classCount < 2 || classCount > MAX_CLASSES)) {
      throw new InvalidInputException(
          "prediction.classCount", "must be between 2 and " + MAX_CLASSES, classCount);
    }
    if (type == PredictionType.NUMERIC && classCount != 0) {
      throw new InvalidInputException(
          "prediction.classCount", "must be 0 for a numeric prediction", classCount);
    }
  }

  public static PredictionSchema classes(int classCount) {
    return new PredictionSchema(PredictionType.CLASS, classCount);
  }

  public static PredictionSchema numeric() {
    return new PredictionSchema(PredictionType.NUMERIC, 0);
  }
}
