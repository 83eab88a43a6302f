package dev.vernier.tuner.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.service.TuningService;
import dev.vernier.tuner.storage.FleetStore;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker fleet as people look at it (a reader may): each worker with its slots, when it was
 * last heard from, the trials it runs now, the leases it lost and reported, and its backend.
 * Workers themselves use {@code /api/v1/fleet}.
 */
@Controller("/api/v1/workers")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "worker fleet")
public class WorkersController {
  /** The largest page of jobs the service gives. */
  private static final int PAGE = 500;

  private final FleetStore fleet;
  private final TuningService service;

  public WorkersController(FleetStore fleet, TuningService service) {
    this.fleet = fleet;
    this.service = service;
  }

  /** A trial a worker runs. */
  @Schema(name = "RunningTrial")
  public record RunningTrial(String jobId, int number, TrialState state, int attempt) {}

  /** A worker with what it runs now. */
  @Schema(name = "WorkerView")
  public record WorkerView(
      String id,
      String name,
      int slots,
      @Schema(description = "when it registered (ISO-8601)") String registeredAt,
      @Schema(description = "its last request: a lease, a heartbeat or a report") String lastSeenAt,
      @Schema(description = "trials leased to it now") List<RunningTrial> trials,
      @Schema(
              description =
                  "leases it lost: expired without heartbeats, or ended by its restart (its"
                      + " trials were retried or failed)")
          int leasesLost,
      @Schema(description = "leases it ended with a report") int leasesReported,
      @Schema(
              description =
                  "the kernels backend named in the provenance of the last trial it reported"
                      + " with one; null when none did",
              nullable = true)
          String backend) {}

  @Schema(name = "WorkerList")
  public record WorkerList(List<WorkerView> workers) {}

  @Operation(
      operationId = "listWorkers",
      summary =
          "The workers, with their slots, last contact, the trials they run, the leases they lost"
              + " and their backend")
  @ApiResponse(
      responseCode = "200",
      description = "the workers",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WorkerList.class)))
  @Get(produces = MediaType.APPLICATION_JSON)
  public ObjectNode list() {
    Map<String, List<TrialRecord>> running = new HashMap<>();
    List<JobRecord> live = new ArrayList<>();
    for (JobState s : List.of(JobState.IN_PROGRESS, JobState.STOPPING)) {
      TuningService.Page p;
      int offset = 0;
      do {
        p = service.jobs(s, offset, PAGE);
        live.addAll(p.jobs());
        offset += PAGE;
      } while (offset < p.total());
    }
    for (JobRecord j : live) {
      for (TrialRecord t : service.trials(j.id())) {
        if (!t.state().isTerminal() && t.state() != TrialState.PENDING && t.workerId() != null) {
          running.computeIfAbsent(t.workerId(), k -> new ArrayList<>()).add(t);
        }
      }
    }
    Map<String, FleetStore.WorkerHistory> history = fleet.history();
    ObjectNode o = Views.JSON.createObjectNode();
    ArrayNode a = o.putArray("workers");
    for (FleetStore.Worker w : fleet.workers()) {
      ObjectNode n =
          a.addObject()
              .put("id", w.id())
              .put("name", w.name())
              .put("slots", w.slots())
              .put("registeredAt", Views.time(w.registeredAt()))
              .put("lastSeenAt", Views.time(w.lastSeenAt()));
      ArrayNode ts = n.putArray("trials");
      for (TrialRecord t : running.getOrDefault(w.id(), List.of())) {
        ts.addObject()
            .put("jobId", t.jobId())
            .put("number", t.number())
            .put("state", t.state().name())
            .put("attempt", t.attempt());
      }
      FleetStore.WorkerHistory h = history.getOrDefault(w.id(), FleetStore.WorkerHistory.NONE);
      n.put("leasesLost", h.leasesLost())
          .put("leasesReported", h.leasesReported())
          .put("backend", h.backend());
    }
    return o;
  }
}
