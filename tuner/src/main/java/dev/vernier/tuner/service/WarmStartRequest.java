package dev.vernier.tuner.service;

import dev.vernier.core.InvalidInputException;
import dev.vernier.tuner.job.Channel;
import java.util.Map;

/**
 * What a warm-start child job changes of its parent ({@link TuningService#submitWarmStart}):
 * everything else (algorithm or command, objective, ranges, static hyperparameters, strategy,
 * parallelism and run-time limits, early stopping, completion criteria, metric definitions) is the
 * parent's.
 *
 * @param name the child's name (unique, like every job's)
 * @param channels channels that replace the parent's of the same name (others are kept), e.g. a
 *     {@code train} channel with fresher data
 * @param maxTrials the child's trial budget, at least 1
 * @param seedOffset added to the parent's seed, so that each child draws its own proposals and the
 *     same request gives the same child
 */
public record WarmStartRequest(
    String name, Map<String, Channel> channels, int maxTrials, long seedOffset) {
  public WarmStartRequest {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("name", "is required", name);
    }
    if (maxTrials < 1) {
      throw new InvalidInputException("maxTrials", "must be at least 1", maxTrials);
    }
    channels = Map.copyOf(channels);
  }
}
