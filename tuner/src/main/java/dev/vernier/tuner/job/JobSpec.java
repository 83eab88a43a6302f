package dev.vernier.tuner.job;

import dev.vernier.core.space.SearchSpace;
import java.util.List;
import java.util.Map;

/**
 * A validated tuning job, as submitted. {@link JobSpecParser} makes it from JSON and every rule is
 * checked there, so holders of a JobSpec can trust it.
 *
 * @param algorithm a built-in algorithm's name, or null when {@code command} is set
 * @param command a registered command's name, or null for a built-in algorithm
 * @param staticHyperparameters fixed values for every trial, as text
 * @param earlyStopping {@code off} or {@code auto}
 */
public record JobSpec(
    String name,
    String algorithm,
    String command,
    Map<String, Channel> channels,
    Objective objective,
    SearchSpace ranges,
    Map<String, String> staticHyperparameters,
    String strategy,
    Limits limits,
    String earlyStopping,
    Completion completion,
    WarmStart warmStart,
    long seed,
    List<MetricDefinition> metricDefinitions) {
  public JobSpec {
    channels = Map.copyOf(channels);
    staticHyperparameters = Map.copyOf(staticHyperparameters);
    metricDefinitions = List.copyOf(metricDefinitions);
  }
}
