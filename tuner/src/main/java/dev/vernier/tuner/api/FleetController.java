package dev.vernier.tuner.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.FleetClient;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.core.fleet.WorkerNames;
import dev.vernier.core.json.Json;
import dev.vernier.platform.error.TooLargeException;
import dev.vernier.platform.http.Caller;
import dev.vernier.platform.problem.Problem;
import dev.vernier.platform.problem.ProblemDocument;
import dev.vernier.tuner.service.ArtifactStore;
import dev.vernier.tuner.service.FleetService;
import dev.vernier.tuner.service.WorkerSecrets;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker protocol over HTTP: register, lease, heartbeat, upload, report.
 *
 * <p>Worker identity: a name belongs to the token that registered it first; each registration
 * answers a new {@code workerSecret}, and every later call of that worker (lease, heartbeat,
 * upload, report, and {@code ?next=}) carries it in the {@value FleetClient#WORKER_SECRET_HEADER}
 * header, checked against the worker the path (or the lease) names: 403 without it or with another
 * worker's. Admin tokens may take a name over and act without a secret.
 */
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
@ApiResponse(
    responseCode = "403",
    description =
        "the token's role may not do this; or the "
            + FleetClient.WORKER_SECRET_HEADER
            + " header is missing or is not the current secret of the worker the call acts for"
            + " (a lease belongs to the worker that took it); or the worker name is registered by"
            + " another token (field names which)",
    content =
        @Content(
            mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = ProblemDocument.class)))
public class FleetController {
  private static final String SECRET_DOC =
      "the workerSecret that registering the worker returned; not needed with an admin token";

  private final FleetService fleet;

  public FleetController(FleetService fleet) {
    this.fleet = fleet;
  }

  @Operation(
      operationId = "registerWorker",
      summary = "Register a worker (again after a restart: same name, new bootId)",
      description =
          "The name belongs to the token that registered it first: another worker token is"
              + " refused (403), an admin token takes it over. Each registration answers a new"
              + " workerSecret, which the worker's later calls send in the "
              + FleetClient.WORKER_SECRET_HEADER
              + " header; the previous one stops working.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.WorkerRegistration.class)))
  @ApiResponse(
      responseCode = "200",
      description = "the worker's id and the secret its later calls carry",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.WorkerId.class)))
  @Post(
      value = "/workers",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  public ObjectNode register(@Body String body, HttpRequest<?> request) throws Exception {
    JsonNode j = Views.parse(body);
    // the one rule for names (the service checks it too, where names enter the store)
    String name = WorkerNames.check("name", text(j, "name"));
    JsonNode slotsNode = j.path("slots");
    int slots =
        slotsNode.isMissingNode()
            ? 0
            : (int) new Json("slots", slotsNode).longValue(1, 1024); // refused, never wrapped
    Caller caller = Caller.of(request).orElse(null);
    WorkerSecrets.Registration r =
        fleet.registerRemote(
            name,
            slots,
            text(j, "bootId"),
            caller == null ? null : caller.tokenId(),
            caller != null && caller.isAdmin());
    return Views.JSON
        .createObjectNode()
        .put("workerId", r.workerId())
        .put("workerSecret", r.secret());
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
  public HttpResponse<TrialAssignment> lease(
      String workerId,
      @Parameter(description = SECRET_DOC) @Nullable @Header(FleetClient.WORKER_SECRET_HEADER)
          String secret,
      HttpRequest<?> request) {
    if (!isAdmin(request)) {
      fleet.authorizeWorker(workerId, secret, "workerId");
    }
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
  public HeartbeatReply heartbeat(
      String leaseId,
      @Body String body,
      @Parameter(description = SECRET_DOC) @Nullable @Header(FleetClient.WORKER_SECRET_HEADER)
          String secret,
      HttpRequest<?> request)
      throws Exception {
    if (!isAdmin(request)) {
      fleet.authorizeLease(leaseId, secret);
    }
    return fleet.heartbeat(leaseId, epochUpdates(Views.parse(body)));
  }

  /**
   * A heartbeat body's epochs: {@code {"epochs": [{"epoch": 3, "metrics": {"name": 0.81}}]}}, each
   * metric a number ({@link Json#metricValue}); refused naming the field ({@code
   * epochs[1].metrics.validation:accuracy}) otherwise. No {@code epochs}: none.
   */
  static List<EpochUpdate> epochUpdates(JsonNode j) {
    new Json("$", j).object();
    List<EpochUpdate> epochs = new ArrayList<>();
    JsonNode list = j.path("epochs");
    if (!list.isMissingNode() && !list.isNull()) { // none: a heartbeat that only says it lives
      for (Json e : new Json("epochs", list).array()) {
        Map<String, Double> m = new LinkedHashMap<>();
        Json metrics = e.object().opt("metrics");
        if (metrics != null) {
          metrics.object().fields().forEach((name, v) -> m.put(name, v.metricValue()));
        }
        Json epoch = e.opt("epoch");
        epochs.add(
            new EpochUpdate(epoch == null ? 0 : (int) epoch.longValue(1, Integer.MAX_VALUE), m));
      }
    }
    return epochs;
  }

  @Operation(
      operationId = "uploadArtifact",
      summary = "Upload the lease's model file into the artifact store",
      description =
          "The body is streamed to a temporary file and moved into place when complete; a body"
              + " over the service's limit (vernier serve --max-artifact-bytes, 1 GiB by default)"
              + " is refused with 413 and nothing is kept. Only this lease's report may name the"
              + " stored path.")
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
      description = "the file is over the limit: the problem names the limit and the size seen",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDocument.class)))
  @Put(
      value = "/leases/{leaseId}/artifact",
      consumes = MediaType.APPLICATION_OCTET_STREAM,
      produces = MediaType.APPLICATION_JSON)
  public ObjectNode upload(
      String leaseId,
      @Parameter(
              description =
                  "a plain file name: 1-128 letters, digits, dots, dashes or underscores, not"
                      + " starting with a dot")
          @QueryValue(defaultValue = "model.vernier")
          String name,
      @Body InputStream body,
      @Parameter(description = SECRET_DOC) @Nullable @Header(FleetClient.WORKER_SECRET_HEADER)
          String secret,
      HttpRequest<?> request)
      throws Exception {
    // everything that can refuse the upload is checked before its first byte is read; the body
    // is closed on every path, so a refused one is discarded and the answer goes out at once
    try (InputStream in = body) {
      if (!isAdmin(request)) {
        fleet.authorizeLease(leaseId, secret);
      }
      ArtifactStore.checkName(name);
      long declared = request.getContentLength();
      if (declared > fleet.maxUploadBytes()) {
        throw new TooLargeException(
            "body", fleet.maxUploadBytes(), declared, ArtifactStore.LIMIT_OPTION);
      }
      String path = fleet.upload(leaseId, name, in);
      return Views.JSON.createObjectNode().put("path", path);
    }
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
      @Parameter(description = "this lease's worker, to lease its next trial in the same exchange")
          @Nullable
          @QueryValue("next")
          String next,
      @Parameter(description = SECRET_DOC) @Nullable @Header(FleetClient.WORKER_SECRET_HEADER)
          String secret,
      HttpRequest<?> request)
      throws Exception {
    boolean wantsNext = next != null && !next.isBlank();
    if (!isAdmin(request)) {
      var leaseWorker = fleet.authorizeLease(leaseId, secret);
      if (wantsNext) {
        fleet.authorizeNext(leaseId, leaseWorker, next, secret);
      }
    }
    TrialReport r;
    try {
      // one pass from text to the report (every trial sends one)
      r = Views.JSON.readValue(body == null ? "" : body, TrialReport.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // the field, the rule and the value, not Jackson's words (they name Java types); the fleet
      // protocol names its fields bare (outcome, objective), as its other errors do
      throw dev.vernier.core.json.Json.bindingError(e, "a trial report", "");
    }
    if (r == null || r.outcome() == null) {
      throw new InvalidInputException("outcome", "must be COMPLETED, STOPPED or FAILED", null);
    }
    if (!wantsNext) {
      return Views.JSON.createObjectNode().put("ack", fleet.report(leaseId, r).name());
    }
    FleetService.Reported done = fleet.reportAndLease(leaseId, r, next);
    ObjectNode out = Views.JSON.createObjectNode().put("ack", done.ack().name());
    // the worker's next trial in the same exchange, written once as text (a tree of it would be
    // built and then written again: a tenth of a one-worker fleet's CPU)
    if (done.next().isPresent()) {
      out.putRawValue(
          "next",
          new com.fasterxml.jackson.databind.util.RawValue(
              Views.JSON.writeValueAsString(done.next().get())));
    } else {
      out.putNull("next");
    }
    return out;
  }

  private static boolean isAdmin(HttpRequest<?> request) {
    return Caller.of(request).map(Caller::isAdmin).orElse(false);
  }

  private static String text(JsonNode j, String field) {
    JsonNode n = j.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new InvalidInputException(field, "is required (a string)", null);
    }
    return n.asText();
  }
}
