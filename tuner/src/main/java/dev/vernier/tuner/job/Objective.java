package dev.vernier.tuner.job;

import dev.vernier.core.catalog.Direction;

/** The metric a job optimises and in which direction. */
public record Objective(String metric, Direction direction) {}
