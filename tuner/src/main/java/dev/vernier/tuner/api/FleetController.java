package dev.vernier.tuner.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.core.json.Json;
import dev.vernier.tuner.service.FleetService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The worker protocol over HTTP: register, lease, heartbeat, upload, report. */
@Controller("/api/v1/fleet")
@ExecuteOn(TaskExecutors.BLOCKING)
public class FleetController {
  private final FleetService fleet;

  public FleetController(FleetService fleet) {
    this.fleet = fleet;
  }

  @Post(
      value = "/workers",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  public ObjectNode register(@Body String body) throws Exception {
    JsonNode j = Views.parse(body);
    String name = text(j, "name");
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new InvalidInputException(
          "name", "must be 1-64 letters, digits, dots, dashes or underscores", name);
    }
    JsonNode slotsNode = j.path("slots");
    int slots =
        slotsNode.isMissingNode()
            ? 0
            : (int) new Json("slots", slotsNode).longValue(1, 1024); // refused, never wrapped
    String id = fleet.register(name, name, slots, text(j, "bootId"));
    return Views.JSON.createObjectNode().put("workerId", id);
  }

  @Post(value = "/workers/{workerId}/lease", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<TrialAssignment> lease(String workerId) {
    Optional<TrialAssignment> a = fleet.lease(workerId);
    return a.map(HttpResponse::ok).orElseGet(HttpResponse::noContent);
  }

  @Post(
      value = "/leases/{leaseId}/heartbeat",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  public HeartbeatReply heartbeat(String leaseId, @Body String body) throws Exception {
    JsonNode j = Views.parse(body);
    List<EpochUpdate> epochs = new ArrayList<>();
    int i = 0;
    for (JsonNode e : j.path("epochs")) {
      String at = "epochs[" + i++ + "]";
      Map<String, Double> m = new LinkedHashMap<>();
      e.path("metrics").fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asDouble()));
      JsonNode epoch = e.path("epoch");
      epochs.add(
          new EpochUpdate(
              epoch.isMissingNode()
                  ? 0
                  : (int) new Json(at + ".epoch", epoch).longValue(1, Integer.MAX_VALUE),
              m));
    }
    return fleet.heartbeat(leaseId, epochs);
  }

  @Put(
      value = "/leases/{leaseId}/artifact",
      consumes = MediaType.APPLICATION_OCTET_STREAM,
      produces = MediaType.APPLICATION_JSON)
  public ObjectNode upload(
      String leaseId, @QueryValue(defaultValue = "model.vernier") String name, @Body byte[] body)
      throws Exception {
    String path = fleet.upload(leaseId, name, new ByteArrayInputStream(body));
    return Views.JSON.createObjectNode().put("path", path);
  }

  @Post(
      value = "/leases/{leaseId}/report",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  public ObjectNode report(
      String leaseId,
      @Body String body,
      @io.micronaut.core.annotation.Nullable @QueryValue("next") String next)
      throws Exception {
    TrialReport r;
    try {
      r = Views.JSON.treeToValue(Views.parse(body), TrialReport.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException(
          "$", "is not a trial report: " + e.getOriginalMessage(), null);
    }
    if (r.outcome() == null) {
      throw new InvalidInputException("outcome", "must be COMPLETED, STOPPED or FAILED", null);
    }
    ObjectNode out = Views.JSON.createObjectNode().put("ack", fleet.report(leaseId, r).name());
    if (next != null && !next.isBlank()) {
      // the worker's next trial in the same exchange
      out.set(
          "next",
          fleet
              .lease(next)
              .map(a -> (com.fasterxml.jackson.databind.JsonNode) Views.JSON.valueToTree(a))
              .orElse(null));
    }
    return out;
  }

  private static String text(JsonNode j, String field) {
    JsonNode n = j.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new InvalidInputException(field, "is required (a string)", null);
    }
    return n.asText();
  }
}
