package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import dev.vernier.kernels.Backends;

/**
 * The {@code --threads} options of {@code train}, {@code predict} and {@code monitor drift}: at
 * least 1 and at most {@link #max()}, so that a typo cannot start thousands of threads.
 */
final class Threads {
  /** The cap on any machine: more threads than this never help these commands. */
  static final int CAP_FLOOR = 256;

  private Threads() {}

  /** The largest count taken: 4 threads a processor, and never less than {@link #CAP_FLOOR}. */
  static int max() {
    return Math.max(CAP_FLOOR, 4 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * The thread count to use: {@code given}, or {@link Backends#defaultThreads()} when null.
   *
   * @throws InvalidInputException naming {@code option} when {@code given} is below 1 or above
   *     {@link #max()}
   */
  static int resolve(String option, Integer given) {
    if (given == null) {
      return Backends.defaultThreads();
    }
    if (given < 1) {
      throw new InvalidInputException(option, "must be at least 1", given);
    }
    int max = max();
    if (given > max) {
      throw new InvalidInputException(
          option,
          "must be at most "
              + max
              + " (4 per processor, "
              + Runtime.getRuntime().availableProcessors()
              + " here, and at least "
              + CAP_FLOOR
              + ")",
          given);
    }
    return given;
  }
}
