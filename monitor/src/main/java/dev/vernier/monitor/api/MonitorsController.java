package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.ingest.ConsumerLags;
import dev.vernier.monitor.service.HttpIngestion;
import dev.vernier.monitor.service.MonitorRunner;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.platform.error.NotConfiguredException;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.platform.http.Caller;
import dev.vernier.platform.problem.Problem;
import dev.vernier.platform.problem.ProblemDocument;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/** {@code /api/v1/monitors}: monitors, their baselines, windows and alerts, and HTTP ingestion. */
@Controller("/api/v1/monitors")
@Tag(name = "monitors")
@ApiResponse(
    responseCode = "404",
    description = "no such monitor",
    content =
        @Content(
            mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = ProblemDocument.class)))
public class MonitorsController {
  private final MonitorService service;
  private final MonitorRunner runner;

  public MonitorsController(MonitorService service, MonitorRunner runner) {
    this.service = service;
    this.runner = runner;
  }

  @Operation(
      operationId = "createMonitor",
      summary = "Create a monitor: computes its baseline and starts consuming its topic")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.MonitorSpecBody.class)))
  @ApiResponse(
      responseCode = "201",
      description = "the monitor, consuming",
      headers =
          @Header(
              name = "Location",
              description = "the monitor's URI",
              schema = @Schema(type = "string")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.Monitor.class)))
  @ApiResponse(
      responseCode = "409",
      description = "a monitor of that name exists",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDocument.class)))
  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ObjectNode> create(HttpRequest<?> request, @Body String body) {
    JsonNode json = parse(body);
    if (json.has("kafka") && !json.get("kafka").isNull() && !runner.hasKafka()) {
      throw new NotConfiguredException("$.kafka", MonitorRunner.NO_KAFKA, json.get("kafka"));
    }
    MonitorRecord m = service.create(json);
    runner.started(m.id());
    return HttpResponse.created(
        view(m, webhooksShown(request)), URI.create("/api/v1/monitors/" + m.id()));
  }

  /**
   * The registered webhooks when the caller may not see their URLs (not an administrator), or null
   * when it may.
   */
  private List<Webhook> webhooksShown(HttpRequest<?> request) {
    return Caller.of(request).map(Caller::isAdmin).orElse(false)
        ? null
        : service.store().webhooks();
  }

  /**
   * A monitor as shown: NOT_CONSUMING, with the reason, when its topics are not read here; a Kafka
   * monitor's consumer lag per partition this process consumes; its webhooks by id and host only
   * unless {@code registered} is null (an administrator asks).
   */
  private ObjectNode view(MonitorRecord m, List<Webhook> registered) {
    // the spec as stored: showing a monitor never validates its files again
    String reason = runner.notConsuming(m.id(), MonitorService.storedKafka(m)).orElse(null);
    ObjectNode v = MonitorViews.monitor(m, service.store().counters(m.id()), reason);
    if (v.has("consumerGroup")) {
      var lag = v.putArray("consumerLag");
      for (ConsumerLags.PartitionLag l : runner.consumerLag(m.id())) {
        lag.addObject()
            .put("topic", l.topic())
            .put("partition", l.partition())
            .put("records", l.records());
      }
    }
    return registered == null ? v : MonitorViews.withoutWebhookUrls(v, registered);
  }

  @Operation(operationId = "listMonitors", summary = "List the monitors")
  @ApiResponse(
      responseCode = "200",
      description = "the monitors",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.MonitorList.class)))
  @Get(produces = MediaType.APPLICATION_JSON)
  public ObjectNode list(HttpRequest<?> request) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("monitors");
    List<Webhook> shown = webhooksShown(request);
    for (MonitorRecord m : service.monitors()) {
      a.add(view(m, shown));
    }
    return o;
  }

  @Operation(operationId = "getMonitor", summary = "A monitor, with its counters")
  @ApiResponse(
      responseCode = "200",
      description = "the monitor",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.Monitor.class)))
  @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public ObjectNode get(HttpRequest<?> request, String id) {
    return view(find(id), webhooksShown(request));
  }

  @Operation(operationId = "deleteMonitor", summary = "Delete a monitor, its windows and alerts")
  @ApiResponse(responseCode = "204", description = "deleted")
  @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> delete(String id) {
    find(id);
    runner.deleted(id, () -> service.delete(id));
    return HttpResponse.noContent();
  }

  @Operation(
      operationId = "getBaseline",
      summary = "The monitor's baseline: schema, per-feature profiles, constraints, provenance")
  @ApiResponse(
      responseCode = "200",
      description = "the baseline document",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
  @Get(value = "/{id}/baseline", produces = MediaType.APPLICATION_JSON)
  public String baseline(String id) {
    find(id);
    return service.store().baseline(id).orElseThrow();
  }

  @Operation(
      operationId = "listWindows",
      summary = "The monitor's latest windows, newest first, with their results",
      description =
          "from: only windows whose start is at least this (a reader that keeps the older ones);"
              + " statistics=false leaves out each result's drift.statistics (one number per"
              + " feature, most of a wide monitor's bytes). A closed window's drift statistics"
              + " never change, so a page can fetch them once per window.")
  @ApiResponse(
      responseCode = "200",
      description = "the windows",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.WindowList.class)))
  @Get(value = "/{id}/windows", produces = MediaType.APPLICATION_JSON)
  public ObjectNode windows(
      String id,
      @QueryValue(defaultValue = "20") int limit,
      @QueryValue @Nullable Long from,
      @QueryValue(defaultValue = "true") String statistics) {
    // parsed here: Micronaut's boolean binding reads any other word as false
    if (!statistics.equals("true") && !statistics.equals("false")) {
      throw new InvalidInputException("statistics", "must be true or false", statistics);
    }
    boolean withStatistics = statistics.equals("true");
    find(id);
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("windows");
    List<WindowRecord> windows =
        from == null
            ? service.store().windows(id, bounded(limit))
            : service.store().windows(id, bounded(limit), from);
    for (WindowRecord w : windows) {
      ObjectNode v = MonitorViews.window(w);
      if (!withStatistics && v.path("result").path("drift") instanceof ObjectNode d) {
        d.remove("statistics");
      }
      a.add(v);
    }
    return o;
  }

  @Operation(
      operationId = "listAlerts",
      summary = "The monitor's latest alerts, newest first, with their retraining")
  @ApiResponse(
      responseCode = "200",
      description = "the alerts",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.AlertList.class)))
  @Get(value = "/{id}/alerts", produces = MediaType.APPLICATION_JSON)
  public ObjectNode alerts(String id, @QueryValue(defaultValue = "50") int limit) {
    find(id);
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("alerts");
    for (AlertRecord r : service.store().alerts(id, bounded(limit))) {
      a.add(MonitorViews.alert(r));
    }
    return o;
  }

  @Operation(
      operationId = "ingestEvents",
      summary = "Ingest inference events",
      description =
          "A JSON array of events, or newline-delimited JSON (application/x-ndjson,"
              + " application/jsonl or text/plain); validated as Kafka records are."
              + " Rejected records are listed with their index and reason.")
  @RequestBody(
      required = true,
      description = "a JSON array of records, or one record a line",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = "array", implementation = Object.class)),
        @Content(mediaType = NDJSON, schema = @Schema(type = "string")),
        @Content(mediaType = JSONL, schema = @Schema(type = "string")),
        @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = "string"))
      })
  @ApiResponse(
      responseCode = "202",
      description = "counted; rejected records listed with their index and reason",
      headers =
          @Header(
              name = "Idempotent-Replayed",
              description = "true when this is the answer to an earlier post with the same key",
              schema = @Schema(type = "string")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.IngestResult.class)))
  @ApiResponse(
      responseCode = "413",
      description = "the body is too large",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDocument.class)))
  @Post(
      value = "/{id}/events",
      consumes = {MediaType.APPLICATION_JSON, NDJSON, JSONL, MediaType.TEXT_PLAIN},
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ObjectNode> events(
      String id,
      @Body byte[] body,
      @Nullable @io.micronaut.http.annotation.Header(IDEMPOTENCY_KEY) String key) {
    return ingest(id, body, false, key);
  }

  @Operation(
      operationId = "ingestLabels",
      summary = "Ingest ground-truth labels, joined to earlier events by inferenceId")
  @RequestBody(
      required = true,
      description = "a JSON array of records, or one record a line",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = "array", implementation = Object.class)),
        @Content(mediaType = NDJSON, schema = @Schema(type = "string")),
        @Content(mediaType = JSONL, schema = @Schema(type = "string")),
        @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = "string"))
      })
  @ApiResponse(
      responseCode = "202",
      description = "counted; rejected records listed with their index and reason",
      headers =
          @Header(
              name = "Idempotent-Replayed",
              description = "true when this is the answer to an earlier post with the same key",
              schema = @Schema(type = "string")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.IngestResult.class)))
  @ApiResponse(
      responseCode = "413",
      description = "the body is too large",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDocument.class)))
  @Post(
      value = "/{id}/labels",
      consumes = {MediaType.APPLICATION_JSON, NDJSON, JSONL, MediaType.TEXT_PLAIN},
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ObjectNode> labels(
      String id,
      @Body byte[] body,
      @Nullable @io.micronaut.http.annotation.Header(IDEMPOTENCY_KEY) String key) {
    return ingest(id, body, true, key);
  }

  /** Newline-delimited JSON, one record a line, as ingestion takes it besides a JSON array. */
  public static final String NDJSON = "application/x-ndjson";

  /** JSON Lines: the same as {@link #NDJSON} under another name. */
  public static final String JSONL = "application/jsonl";

  /**
   * The request header that makes a post of events or labels idempotent: a retry with the same key
   * (within a day) is answered with the first post's result and header {@code Idempotent-Replayed:
   * true}, and counts nothing again.
   */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private HttpResponse<ObjectNode> ingest(String id, byte[] body, boolean labels, String key) {
    find(id);
    HttpIngestion.Result r = service.ingestHttp(id, IngestBody.records(body), labels, key);
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("accepted", labels ? r.result().labelsJoined() : r.result().accepted())
        .put("late", r.result().late())
        .put("unmatched", r.result().labelsUnmatched());
    if (labels) {
      o.put("waiting", r.result().labelsWaiting());
    } else {
      o.put("duplicates", r.result().duplicates());
    }
    ArrayNode rej = o.putArray("rejected");
    r.rejected().forEach(rej::add);
    var response = HttpResponse.<ObjectNode>accepted().body(o);
    return r.result().replayed() ? response.header("Idempotent-Replayed", "true") : response;
  }

  private MonitorRecord find(String id) {
    return service.monitor(id).orElseThrow(() -> new NotFoundException("id", "monitor " + id));
  }

  private static int bounded(int limit) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidInputException("limit", "must be between 1 and 1000", limit);
    }
    return limit;
  }

  private static JsonNode parse(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (Exception e) {
      throw new InvalidInputException("body", "must be a JSON document", e.getMessage());
    }
  }
}
