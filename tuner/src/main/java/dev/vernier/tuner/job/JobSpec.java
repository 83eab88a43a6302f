package dev.vernier.tuner.job;

import dev.vernier.core.space.SearchSpace;
import dev.vernier.tuner.stopping.MedianRule;
import java.util.List;
import java.util.Map;

/**
 * A validated tuning job, as submitted. {@link JobSpecParser} makes it from JSON and every rule is
 * checked there, so holders of a JobSpec can trust it.
 *
 * @param algorithm a built-in algorithm's name, or null when {@code command} is set
 * @param command a registered command's name, or null for a built-in algorithm
 * @param staticHyperparameters fixed values for every trial, as text
 * @param earlyStopping {@code off}, {@code auto} (the median rule with {@link MedianRule#DEFAULTS})
 *     or {@code median} (the median rule with the job's settings)
 * @param medianRule the median rule's settings when {@code earlyStopping} is {@code auto} or {@code
 *     median}, else null
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
    List<MetricDefinition> metricDefinitions,
    MedianRule medianRule) {
  public JobSpec {
    channels = Map.copyOf(channels);
    staticHyperparameters = Map.copyOf(staticHyperparameters);
    metricDefinitions = List.copyOf(metricDefinitions);
    if (medianRule == null && (earlyStopping.equals("auto") || earlyStopping.equals("median"))) {
      medianRule = MedianRule.DEFAULTS;
    }
    if (medianRule != null && !earlyStopping.equals("auto") && !earlyStopping.equals("median")) {
      medianRule = null;
    }
  }

  /** A job whose median rule, if any, has {@link MedianRule#DEFAULTS}. */
  public JobSpec(
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
    this(
        name,
        algorithm,
        command,
        channels,
        objective,
        ranges,
        staticHyperparameters,
        strategy,
        limits,
        earlyStopping,
        completion,
        warmStart,
        seed,
        metricDefinitions,
        null);
  }

  /** What stops trials early, for people: {@code off} or the median rule's {@code describe()}. */
  public String earlyStoppingDescription() {
    return medianRule == null ? earlyStopping : medianRule.describe();
  }
}
