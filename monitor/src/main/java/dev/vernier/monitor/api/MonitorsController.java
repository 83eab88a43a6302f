package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.service.HttpIngestion;
import dev.vernier.monitor.service.MonitorRunner;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.tuner.service.NotConfiguredException;
import dev.vernier.tuner.service.NotFoundException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/v1/monitors}: monitors, their baselines, windows and alerts, and HTTP ingestion. */
@Controller("/api/v1/monitors")
@Tag(name = "monitors")
public class MonitorsController {
  private final MonitorService service;
  private final MonitorRunner runner;

  public MonitorsController(MonitorService service, MonitorRunner runner) {
    this.service = service;
    this.runner = runner;
  }

  @Operation(summary = "Create a monitor: computes its baseline and starts consuming its topic")
  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ObjectNode> create(@Body String body) {
    JsonNode json = parse(body);
    if (json.has("kafka") && !json.get("kafka").isNull() && !runner.hasKafka()) {
      throw new NotConfiguredException("$.kafka", MonitorRunner.NO_KAFKA, json.get("kafka"));
    }
    MonitorRecord m = service.create(json);
    runner.started(m.id());
    return HttpResponse.created(view(m));
  }

  /** A monitor as shown: NOT_CONSUMING, with the reason, when its topics are not read here. */
  private ObjectNode view(MonitorRecord m) {
    String reason =
        service.spec(m.id()).flatMap(spec -> runner.notConsuming(m.id(), spec)).orElse(null);
    return MonitorViews.monitor(m, service.store().counters(m.id()), reason);
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public ObjectNode list() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("monitors");
    for (MonitorRecord m : service.monitors()) {
      a.add(view(m));
    }
    return o;
  }

  @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public ObjectNode get(String id) {
    return view(find(id));
  }

  @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> delete(String id) {
    find(id);
    runner.stopped(id);
    service.delete(id);
    return HttpResponse.noContent();
  }

  @Operation(
      summary = "The monitor's baseline: schema, per-feature profiles, constraints, provenance")
  @Get(value = "/{id}/baseline", produces = MediaType.APPLICATION_JSON)
  public String baseline(String id) {
    find(id);
    return service.store().baseline(id).orElseThrow();
  }

  @Get(value = "/{id}/windows", produces = MediaType.APPLICATION_JSON)
  public ObjectNode windows(String id, @QueryValue(defaultValue = "20") int limit) {
    find(id);
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("windows");
    for (WindowRecord w : service.store().windows(id, bounded(limit))) {
      a.add(MonitorViews.window(w));
    }
    return o;
  }

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
      summary = "Ingest inference events",
      description =
          "A JSON array of events, or newline-delimited JSON (application/x-ndjson,"
              + " application/jsonl or text/plain); validated as Kafka records are."
              + " Rejected records are listed with their index and reason.")
  @Post(
      value = "/{id}/events",
      consumes = {MediaType.APPLICATION_JSON, NDJSON, JSONL, MediaType.TEXT_PLAIN},
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ObjectNode> events(
      String id, @Body String body, @Nullable @Header(IDEMPOTENCY_KEY) String key) {
    return ingest(id, body, false, key);
  }

  @Operation(summary = "Ingest ground-truth labels, joined to earlier events by inferenceId")
  @Post(
      value = "/{id}/labels",
      consumes = {MediaType.APPLICATION_JSON, NDJSON, JSONL, MediaType.TEXT_PLAIN},
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ObjectNode> labels(
      String id, @Body String body, @Nullable @Header(IDEMPOTENCY_KEY) String key) {
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

  private HttpResponse<ObjectNode> ingest(String id, String body, boolean labels, String key) {
    find(id);
    HttpIngestion.Result r = service.ingestHttp(id, records(body), labels, key);
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("accepted", labels ? r.result().labelsJoined() : r.result().accepted())
        .put("late", r.result().late())
        .put("unmatched", r.result().labelsUnmatched());
    ArrayNode rej = o.putArray("rejected");
    r.rejected().forEach(rej::add);
    var response = HttpResponse.<ObjectNode>accepted().body(o);
    return r.result().replayed() ? response.header("Idempotent-Replayed", "true") : response;
  }

  /** The records of a body: the elements of a JSON array, or the non-empty lines of NDJSON. */
  static List<byte[]> records(String body) {
    List<byte[]> out = new ArrayList<>();
    String t = body == null ? "" : body.strip();
    if (t.startsWith("[")) {
      JsonNode array;
      try {
        array = Json.MAPPER.readTree(t);
      } catch (Exception e) {
        throw new InvalidInputException("body", "must be a JSON array or NDJSON", e.getMessage());
      }
      for (JsonNode e : array) {
        out.add(e.toString().getBytes(StandardCharsets.UTF_8));
      }
    } else {
      for (String line : t.split("\n")) {
        if (!line.isBlank()) {
          out.add(line.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("body", "must hold at least one record", "");
    }
    if (out.size() > 100_000) {
      throw new InvalidInputException("body", "must hold at most 100000 records", out.size());
    }
    return out;
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
