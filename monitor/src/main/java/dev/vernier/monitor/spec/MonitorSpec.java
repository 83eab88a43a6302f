package dev.vernier.monitor.spec;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetFormat;
import dev.vernier.core.data.DatasetReaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A validated monitor, as submitted. {@link MonitorSpecParser} makes it from JSON and checks every
 * rule, so holders of a MonitorSpec can trust it.
 *
 * @param name a short name (letters, digits, dashes)
 * @param model the model name that inference events carry in their {@code model} field
 * @param jobId the tuning job that produced the model; the parent of retraining jobs (nullable)
 * @param baseline the model's training data, from which the baseline is computed
 * @param kafka where events come from; null for a monitor fed over HTTP only
 * @param labelHorizon how long after an inference its ground truth may still arrive, and (for every
 *     monitor that deduplicates, labels or not) how long, in event time, its inference id is
 *     remembered so that a repeat counts once ({@link dev.vernier.monitor.window.RepeatedIds})
 * @param deduplicate whether an inference id counts once (the default): the store remembers every
 *     counted id and an event repeating one is a duplicate. False for a producer that already
 *     guarantees unique ids (Kafka's idempotent producer): no id is remembered, and every event
 *     counts, a repeat included (as before ids were remembered); see {@link
 *     dev.vernier.monitor.window.RepeatedIds} for what that means for label joins
 * @param webhooks URLs alerts are posted to; each must be registered by an administrator
 */
public record MonitorSpec(
    String name,
    String model,
    String jobId,
    BaselineData baseline,
    KafkaSource kafka,
    WindowSpec window,
    DriftPolicy drift,
    AlertPolicy alerts,
    boolean capture,
    Retraining retraining,
    Duration labelHorizon,
    boolean deduplicate,
    List<String> webhooks) {
  public MonitorSpec {
    webhooks = List.copyOf(webhooks);
  }

  /** The training data a baseline is computed from: a file under a data root. */
  public record BaselineData(Path path, Path labels, String format) {
    /** Reads the data (recognising the format when it is {@code auto}). */
    public Dataset read() {
      return "auto".equals(format)
          ? DatasetReaders.read(path, labels)
          : DatasetReaders.read(path, labels, DatasetFormat.parse("$.baseline.format", format));
    }
  }

  /**
   * Kafka topics of a monitor: events and labels are read from {@code eventsTopic} and {@code
   * labelsTopic} (nullable); malformed records go to {@code deadLetterTopic}; alerts are published
   * on {@code alertsTopic}. Each must be allowed by the administrator ({@link TopicAllowList}). The
   * consumer group is not the submitter's to choose: the service derives it from the monitor's id
   * ({@code KafkaIngestor.groupId}).
   */
  public record KafkaSource(
      String eventsTopic, String labelsTopic, String deadLetterTopic, String alertsTopic) {}

  /**
   * Which drift methods run on every closed window, and when a window counts as drifted: when at
   * least {@code featureShare} of the features drift by the {@code decision} method (after the
   * multiple-testing {@code correction} for p-value methods).
   */
  public record DriftPolicy(
      List<String> methods, String decision, String correction, double featureShare) {
    public DriftPolicy {
      methods = List.copyOf(methods);
    }
  }

  /**
   * A violation becomes an alert when it is present in at least {@code k} of the last {@code n}
   * closed windows.
   */
  public record AlertPolicy(int k, int n) {}

  /**
   * On an alert, submit a warm-start ({@code transfer}) tuning job on the original training data
   * plus the rows captured from the windows that raised the alert on, at most once per {@code
   * cooldown}. Before it is submitted the job waits, at most the monitor's label horizon, for the
   * labels of the windows that raised the alert, or, when {@code minLabelledRows} is above 0, until
   * that many labelled rows were captured from those windows on.
   *
   * @param minLabelledRows 0: wait for every label of the alerting windows
   */
  public record Retraining(
      boolean enabled, Duration cooldown, int maxTrials, long minLabelledRows) {
    /** Waiting for every label of the alerting windows. */
    public Retraining(boolean enabled, Duration cooldown, int maxTrials) {
      this(enabled, cooldown, maxTrials, 0);
    }
  }
}
