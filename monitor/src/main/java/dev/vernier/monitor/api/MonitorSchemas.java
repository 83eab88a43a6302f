package dev.vernier.monitor.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the monitor's JSON bodies, for the OpenAPI document. {@link MonitorViews} writes
 * the responses as trees; these records name their fields and types, and change with it. Times are
 * epoch milliseconds.
 */
public final class MonitorSchemas {
  private MonitorSchemas() {}

  @Schema(
      name = "MonitorSpec",
      description =
          "A monitor: name, model, baseline (path, labels, format), window, drift policy, data"
              + " quality, alerts (k of n), kafka topics, webhooks, retraining.",
      additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
  public record MonitorSpecBody(
      String name, String model, Map<String, Object> baseline, Map<String, Object> window) {}

  @Schema(name = "Monitor")
  public record Monitor(
      String id,
      String name,
      @Schema(description = "ACTIVE or DEGRADED") String state,
      @Schema(nullable = true, description = "why the monitor is DEGRADED") String stateReason,
      @Schema(nullable = true) Long stateSince,
      @Schema(nullable = true) Long lastRetrainAt,
      long createdAt,
      @Schema(
              nullable = true,
              description =
                  "the Kafka consumer group, chosen by the service (vernier-monitor-<id>)")
          String consumerGroup,
      @Schema(
              description =
                  "the monitor spec as submitted; to callers other than administrators each"
                      + " webhook is shown as {id, host}, without its URL")
          Map<String, Object> spec,
      @Schema(description = "events accepted, records rejected by reason, windows closed, ...")
          Map<String, Long> counters,
      @Schema(
              nullable = true,
              description =
                  "a Kafka monitor's lag per partition its consumer holds in this process: the"
                      + " records left to read after its last poll that returned some (empty"
                      + " before the first record, or when not consuming here); absent without"
                      + " Kafka")
          List<PartitionLag> consumerLag) {}

  @Schema(name = "PartitionLag")
  public record PartitionLag(String topic, int partition, long records) {}

  @Schema(name = "MonitorList")
  public record MonitorList(List<Monitor> monitors) {}

  @Schema(name = "Window")
  public record Window(
      long start,
      long end,
      @Schema(description = "OPEN, CLOSED or FAILED") String state,
      long events,
      @Schema(nullable = true) Long closedAt,
      @Schema(
              nullable = true,
              description =
                  "once closed: drift (decision, driftedShare, statistics: the decision"
                      + " method's statistic per feature in the baseline's order, topDrifted),"
                      + " dataQuality,"
                      + " predictionDrift, modelQuality, violations, incidents, alerts; or error")
          Map<String, Object> result) {}

  @Schema(name = "WindowList")
  public record WindowList(List<Window> windows) {}

  @Schema(name = "CooldownCause")
  public record CooldownCause(long alertId, @Schema(nullable = true) String jobId) {}

  @Schema(name = "AlertRetraining")
  public record Retraining(
      String state,
      String jobId,
      String error,
      List<Long> windows,
      Long capturedRows,
      Long waitingUntil,
      String detail,
      Long cooldownUntil,
      CooldownCause cooldownCause) {}

  @Schema(name = "Alert")
  public record Alert(
      long id,
      String monitorId,
      @Schema(description = "drift, data_quality, prediction_drift or model_quality") String kind,
      @Schema(description = "the window's start") long window,
      long createdAt,
      String summary,
      Map<String, Object> evidence,
      Retraining retraining) {}

  @Schema(name = "AlertList")
  public record AlertList(List<Alert> alerts) {}

  @Schema(name = "RejectedRecord")
  public record Rejected(int index, String reason, String detail) {}

  @Schema(name = "IngestResult")
  public record IngestResult(
      @Schema(description = "events accepted, or labels joined") long accepted,
      @Schema(description = "records whose window had closed") long late,
      @Schema(
              description =
                  "labels that will not join: a second label of an inference id, or (a monitor"
                      + " keeping no predictions) a label without one")
          long unmatched,
      @Schema(
              nullable = true,
              description =
                  "labels posts only: labels whose event has not arrived, kept waiting for it at"
                      + " most the label horizon")
          Long waiting,
      @Schema(
              nullable = true,
              description =
                  "events posts only: events whose inferenceId the monitor had already counted"
                      + " (sent again, or twice in the post), counted in no window")
          Long duplicates,
      List<Rejected> rejected) {}

  @Schema(name = "WebhookRequest")
  public record WebhookRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String url,
      @Schema(
              nullable = true,
              description =
                  "the key of the posts' Vernier-Signature HMAC, 16 to 200 characters; left out,"
                      + " the service generates one and answers it once")
          String secret,
      @Schema(
              nullable = true,
              description =
                  "true to allow a URL that resolves to a loopback, private or link-local address")
          Boolean allowPrivate) {}

  @Schema(name = "Webhook")
  public record Webhook(
      String id,
      String url,
      boolean allowPrivate,
      @Schema(description = "whether posts are signed (false: registered before signing)")
          boolean signed,
      long createdAt,
      @Schema(
              nullable = true,
              description = "the generated secret, in the registration's answer only")
          String secret) {}

  @Schema(name = "WebhookList")
  public record WebhookList(List<Webhook> webhooks) {}
}
