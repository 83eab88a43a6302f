package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.delivery.AlertPublisher;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.DeliveryRepository;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.platform.http.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every monitor's alerts in one list, newest first, each with its evidence, its retraining, every
 * delivery with its state ({@code deliveries}: pending, delivered, or failed for good with its last
 * error and attempts) and, as before, the deliveries still pending ({@code pendingDeliveries}).
 * Webhook URLs are shown to administrators only; others see the webhook's id and host, as in the
 * monitor view.
 */
@Controller("/api/v1/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "monitors")
public class AlertsController {
  private final MonitorService service;

  public AlertsController(MonitorService service) {
    this.service = service;
  }

  @Schema(name = "PendingDelivery")
  public record PendingDelivery(
      @Schema(description = "the alerts topic or a webhook URL") String target,
      String status,
      int attempts) {}

  @Schema(name = "AlertDelivery")
  public record AlertDelivery(
      @Schema(nullable = true, description = "the registered webhook's id; null for a topic")
          String webhookId,
      @Schema(nullable = true, description = "the webhook's host; null for a topic") String host,
      @Schema(nullable = true, description = "the webhook's URL, for administrators only")
          String url,
      @Schema(nullable = true, description = "the alerts topic, for a Kafka delivery") String topic,
      @Schema(
              type = "string",
              allowableValues = {"PENDING", "DELIVERED", "FAILED"})
          String state,
      int attempts,
      @Schema(
              nullable = true,
              description =
                  "the last failed attempt's error (a PENDING delivery with one is being retried)")
          String lastError,
      @Schema(nullable = true, description = "epoch ms, once DELIVERED") Long deliveredAt,
      @Schema(description = "epoch ms of the last attempt or of the delivery's creation")
          long updatedAt) {}

  @Schema(name = "AlertWithDeliveries")
  public record AlertWithDeliveries(
      long id,
      String monitorId,
      String monitorName,
      String kind,
      long window,
      long createdAt,
      String summary,
      Map<String, Object> evidence,
      MonitorSchemas.Retraining retraining,
      List<AlertDelivery> deliveries,
      List<PendingDelivery> pendingDeliveries) {}

  @Schema(name = "AllAlerts")
  public record AllAlerts(List<AlertWithDeliveries> alerts) {}

  @Operation(
      operationId = "listAllAlerts",
      summary =
          "The latest alerts of every monitor, newest first, with every delivery and its state")
  @ApiResponse(
      responseCode = "200",
      description = "the alerts",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AllAlerts.class)))
  @Get(produces = MediaType.APPLICATION_JSON)
  public ObjectNode list(HttpRequest<?> request, @QueryValue(defaultValue = "100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidInputException("limit", "must be between 1 and 1000", limit);
    }
    Map<String, String> names = new java.util.HashMap<>();
    List<AlertRecord> all = new ArrayList<>();
    for (MonitorRecord m : service.monitors()) {
      names.put(m.id(), m.name());
      all.addAll(service.store().alerts(m.id(), limit));
    }
    all.sort(
        Comparator.comparingLong(AlertRecord::createdAt)
            .thenComparingLong(AlertRecord::id)
            .reversed());
    Map<Long, List<DeliveryRepository.Delivery>> pending =
        service.store().pendingDeliveries().stream()
            .collect(Collectors.groupingBy(DeliveryRepository.Delivery::alertId));
    List<AlertRecord> shown = all.subList(0, Math.min(limit, all.size()));
    Map<Long, List<DeliveryRepository.DeliveryRecord>> every =
        service.store().deliveries(shown.stream().map(AlertRecord::id).toList()).stream()
            .collect(Collectors.groupingBy(DeliveryRepository.DeliveryRecord::alertId));
    boolean admin = Caller.of(request).map(Caller::isAdmin).orElse(false);
    List<Webhook> registered = service.store().webhooks();
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("alerts");
    for (AlertRecord r : shown) {
      ObjectNode n = MonitorViews.alert(r).put("monitorName", names.get(r.monitorId()));
      n.set("deliveries", deliveries(every.getOrDefault(r.id(), List.of()), registered, admin));
      ArrayNode d = n.putArray("pendingDeliveries");
      for (DeliveryRepository.Delivery x : pending.getOrDefault(r.id(), List.of())) {
        d.addObject()
            .put("target", x.target())
            .put("status", x.status().name())
            .put("attempts", x.attempts());
      }
      a.add(n);
    }
    return o;
  }

  /**
   * Deliveries as shown: a topic's by {@code topic}; a webhook's by {@code webhookId} (null when no
   * longer registered) and {@code host}, plus {@code url} for an administrator only (a
   * non-administrator's {@code lastError} has the URL replaced by the host too).
   */
  public static ArrayNode deliveries(
      List<DeliveryRepository.DeliveryRecord> records, List<Webhook> registered, boolean admin) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (DeliveryRepository.DeliveryRecord d : records) {
      ObjectNode n = out.addObject();
      String error = d.lastError();
      if (d.target().startsWith(AlertPublisher.KAFKA_PREFIX)) {
        n.putNull("webhookId").putNull("host");
        n.put("topic", d.target().substring(AlertPublisher.KAFKA_PREFIX.length()));
      } else {
        String host = host(d.target());
        n.put(
            "webhookId",
            registered.stream()
                .filter(w -> w.url().equals(d.target()))
                .map(Webhook::id)
                .findFirst()
                .orElse(null));
        n.put("host", host);
        if (admin) {
          n.put("url", d.target());
        } else if (error != null) {
          error = error.replace(d.target(), host == null ? "the webhook" : host);
        }
      }
      n.put("state", d.status().name()).put("attempts", d.attempts()).put("lastError", error);
      if (d.status() == DeliveryStatus.DELIVERED) {
        n.put("deliveredAt", d.updatedAt());
      } else {
        n.putNull("deliveredAt");
      }
      n.put("updatedAt", d.updatedAt());
    }
    return out;
  }

  private static String host(String url) {
    try {
      return java.net.URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
