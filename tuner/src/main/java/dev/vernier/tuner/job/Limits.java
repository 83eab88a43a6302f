package dev.vernier.tuner.job;

import java.time.Duration;

/**
 * Resource limits of a job.
 *
 * @param maxRuntimePerTrial null for no limit
 * @param maxRuntime the whole job's wall-clock limit; null for no limit
 */
public record Limits(
    int maxTrials, int maxParallelTrials, Duration maxRuntimePerTrial, Duration maxRuntime) {}
