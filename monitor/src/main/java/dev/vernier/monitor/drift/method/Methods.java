package dev.vernier.monitor.drift.method;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.Threshold;
import dev.vernier.monitor.drift.stats.SortedSample;

/** Checks the implementations share. */
final class Methods {
  private Methods() {}

  /** Fails unless {@code threshold} is set and usable by a method with or without p-values. */
  /** A fitted method: its name, its resolved threshold, and how it scores a window. */
  static DriftMethod.Fitted fitted(
      String name,
      Threshold threshold,
      java.util.function.Function<SortedSample, DriftScore> score) {
    return new DriftMethod.Fitted() {
      @Override
      public String method() {
        return name;
      }

      @Override
      public Threshold threshold() {
        return threshold;
      }

      @Override
      public DriftScore score(SortedSample current) {
        return score.apply(current);
      }
    };
  }

  static Threshold check(DriftMethod method, Threshold threshold) {
    if (threshold == null) {
      throw new InvalidInputException(method.name() + ".threshold", "is required", null);
    }
    if (threshold.usesPValue() && !method.hasPValue()) {
      throw new InvalidInputException(
          method.name() + ".threshold",
          method.name() + " has no p-value; give a limit on its statistic",
          threshold.toString());
    }
    return threshold;
  }
}
