package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorStore;
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
 * Every monitor's alerts in one list, newest first, each with its evidence, its retraining and the
 * deliveries still pending (an alert with none pending was delivered, or failed for good, to each
 * of its targets).
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
      List<PendingDelivery> pendingDeliveries) {}

  @Schema(name = "AllAlerts")
  public record AllAlerts(List<AlertWithDeliveries> alerts) {}

  @Operation(
      operationId = "listAllAlerts",
      summary = "The latest alerts of every monitor, newest first, with their pending deliveries")
  @ApiResponse(
      responseCode = "200",
      description = "the alerts",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AllAlerts.class)))
  @Get(produces = MediaType.APPLICATION_JSON)
  public ObjectNode list(@QueryValue(defaultValue = "100") int limit) {
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
    Map<Long, List<MonitorStore.Delivery>> pending =
        service.store().pendingDeliveries().stream()
            .collect(Collectors.groupingBy(MonitorStore.Delivery::alertId));
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("alerts");
    for (AlertRecord r : all.subList(0, Math.min(limit, all.size()))) {
      ObjectNode n = MonitorViews.alert(r).put("monitorName", names.get(r.monitorId()));
      ArrayNode d = n.putArray("pendingDeliveries");
      for (MonitorStore.Delivery x : pending.getOrDefault(r.id(), List.of())) {
        d.addObject()
            .put("target", x.target())
            .put("status", x.status())
            .put("attempts", x.attempts());
      }
      a.add(n);
    }
    return o;
  }
}
