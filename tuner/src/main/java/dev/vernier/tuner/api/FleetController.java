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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The worker protocol over HTTP: register, lease, heartbeat, upload, report. */
@Controller("/api/v1/fleet")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "fleet", description = "the worker protocol (worker and admin tokens)")
@ApiResponse(
    responseCode = "404",
    description = "no such worker or lease",
    content =
        @Content(
            mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = ProblemDocument.class)))
public class FleetController {
  private final FleetService fleet;

  public FleetController(FleetService fleet) {
    this.fleet = fleet;
  }

  @Operation(
      operationId = "registerWorker",
      summary = "Register a worker (again after a restart: same name, new bootId)")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.WorkerRegistration.class)))
  @ApiResponse(
      responseCode = "200",
      description = "the worker's id",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.WorkerId.class)))
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

  @Operation(operationId = "leaseTrial", summary = "Lease the next trial to run")
  @ApiResponse(
      responseCode = "200",
      description = "a trial to run",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TrialAssignment.class)))
  @ApiResponse(responseCode = "204", description = "nothing to run now")
  @Post(value = "/workers/{workerId}/lease", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<TrialAssignment> lease(String workerId) {
    Optional<TrialAssignment> a = fleet.lease(workerId);
    return a.map(HttpResponse::ok).orElseGet(HttpResponse::noContent);
  }

  @Operation(
      operationId = "heartbeat",
      summary = "Keep a lease alive and report new epochs; the answer says go on or stop")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.Heartbeat.class)))
  @ApiResponse(
      responseCode = "200",
      description = "what the worker must do",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = HeartbeatReply.class)))
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

  @Operation(
      operationId = "uploadArtifact",
      summary = "Upload the lease's model file into the artifact store")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_OCTET_STREAM,
              schema = @Schema(type = "string", format = "binary")))
  @ApiResponse(
      responseCode = "200",
      description = "where the file was stored",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.ArtifactPath.class)))
  @ApiResponse(
      responseCode = "413",
      description = "the file is too large",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDocument.class)))
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

  @Operation(
      operationId = "reportTrial",
      summary = "Report the end of a trial; with ?next=, lease that worker's next trial too")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TrialReport.class)))
  @ApiResponse(
      responseCode = "200",
      description = "the acknowledgement, and the next trial when asked",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.ReportAck.class)))
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
