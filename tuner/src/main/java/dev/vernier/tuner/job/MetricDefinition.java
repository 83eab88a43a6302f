package dev.vernier.tuner.job;

import java.util.regex.Pattern;

/**
 * How to read a metric from a registered command's output (SageMaker's MetricDefinitions): the
 * first capture group of each match on a stdout line is a value of {@code name}.
 */
public record MetricDefinition(String name, Pattern regex) {}
