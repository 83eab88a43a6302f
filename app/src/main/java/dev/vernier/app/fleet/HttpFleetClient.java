package dev.vernier.app.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.FleetClient;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet protocol over HTTP, for {@code vernier worker} on another machine. One client per
 * registered worker: {@link #register} keeps the secret the service answers and every later call
 * sends it in the {@value FleetClient#WORKER_SECRET_HEADER} header. Thread-safe.
 *
 * <p>Over several replicas ({@link ApiClient} with several servers) every call may land on any of
 * them: the workers, leases, secrets and artifacts they keep are shared. A report retried on
 * another replica after a broken connection answers {@code DUPLICATE} when the first one was
 * applied: the report is done, as for {@code ACCEPTED}; {@code LEASE_LOST} is done too (the trial
 * went back to the queue, nothing is left to send).
 */
public final class HttpFleetClient implements FleetClient {
  private final ApiClient api;
  private volatile String secret;

  public HttpFleetClient(ApiClient api) {
    this.api = api;
  }

  @Override
  public String register(String name, int slots, String bootId) throws IOException {
    ObjectNode o =
        ApiClient.JSON
            .createObjectNode()
            .put("name", name)
            .put("slots", slots)
            .put("bootId", bootId);
    JsonNode r = api.post("/api/v1/fleet/workers", o.toString()).body();
    JsonNode s = r.get("workerSecret");
    secret = s == null || s.isNull() ? null : s.asText();
    return r.get("workerId").asText();
  }

  /** The secret header of the last registration (none before one). */
  private Map<String, String> secretHeader() {
    String s = secret;
    return s == null ? Map.of() : Map.of(WORKER_SECRET_HEADER, s);
  }

  @Override
  public Optional<TrialAssignment> lease(String workerId) throws IOException {
    ApiClient.Reply r =
        api.post("/api/v1/fleet/workers/" + enc(workerId) + "/lease", "{}", secretHeader());
    if (r.status() == 204 || r.body() == null) {
      return Optional.empty();
    }
    return Optional.of(ApiClient.JSON.treeToValue(r.body(), TrialAssignment.class));
  }

  @Override
  public HeartbeatReply heartbeat(String leaseId, List<EpochUpdate> epochs) throws IOException {
    ObjectNode o = ApiClient.JSON.createObjectNode();
    ArrayNode a = o.putArray("epochs");
    for (EpochUpdate e : epochs) {
      ObjectNode n = a.addObject().put("epoch", e.epoch());
      ObjectNode m = n.putObject("metrics");
      e.metrics().forEach(m::put);
    }
    JsonNode r =
        api.post(
                "/api/v1/fleet/leases/" + enc(leaseId) + "/heartbeat", o.toString(), secretHeader())
            .body();
    return ApiClient.JSON.treeToValue(r, HeartbeatReply.class);
  }

  @Override
  public String upload(String leaseId, Path modelFile) throws IOException {
    return api.put(
            "/api/v1/fleet/leases/"
                + enc(leaseId)
                + "/artifact?name="
                + enc(modelFile.getFileName().toString()),
            modelFile,
            secretHeader())
        .body()
        .get("path")
        .asText();
  }

  /** Reports; every acknowledgement (ACCEPTED, DUPLICATE, LEASE_LOST) ends the lease's report. */
  @Override
  public void report(String leaseId, TrialReport report) throws IOException {
    api.post(
        "/api/v1/fleet/leases/" + enc(leaseId) + "/report",
        ApiClient.JSON.writeValueAsString(report),
        secretHeader());
  }

  @Override
  public Optional<TrialAssignment> reportAndLease(
      String leaseId, TrialReport report, String workerId) throws IOException {
    JsonNode r =
        api.post(
                "/api/v1/fleet/leases/" + enc(leaseId) + "/report?next=" + enc(workerId),
                ApiClient.JSON.writeValueAsString(report),
                secretHeader())
            .body();
    JsonNode next = r == null ? null : r.get("next");
    if (next == null || next.isNull()) {
      return Optional.empty();
    }
    return Optional.of(ApiClient.JSON.treeToValue(next, TrialAssignment.class));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
