package dev.vernier.tuner.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.service.TuningService;
import dev.vernier.tuner.storage.TrialStore;
import io.micronaut.core.annotation.Nullable;
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
import java.util.Locale;

/**
 * A page of jobs as {@code GET /api/v1/tuning-jobs} lists them, each with its trials counted by
 * state (one grouped count per job, not its trials): what a list of jobs shows at a glance.
 */
@Controller("/api/v1/job-summaries")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tuning jobs")
public class JobSummariesController {
  private final TuningService service;
  private final TrialStore trials;

  public JobSummariesController(TuningService service, TrialStore trials) {
    this.service = service;
    this.trials = trials;
  }

  @Operation(
      operationId = "listJobSummaries",
      summary = "A page of jobs, newest first, each with its trials counted by state")
  @ApiResponse(
      responseCode = "200",
      description = "a page of jobs, trials.byState filled in",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.JobPage.class)))
  @Get(produces = MediaType.APPLICATION_JSON)
  public ObjectNode list(
      @Nullable @QueryValue String state,
      @io.swagger.v3.oas.annotations.Parameter(
              description =
                  "only the jobs warm-started from this job (it is among their"
                      + " warmStart.parents)")
          @Nullable
          @QueryValue
          String parent,
      @QueryValue(defaultValue = "0") int offset,
      @QueryValue(defaultValue = "50") int limit) {
    JobState s = null;
    if (state != null && !state.isBlank()) {
      try {
        s = JobState.valueOf(state.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "state", "must be one of " + java.util.Arrays.toString(JobState.values()), state);
      }
    }
    ObjectNode page = Views.page(jobs(s, parent, offset, limit), service);
    for (JsonNode j : page.path("jobs")) {
      ObjectNode by = ((ObjectNode) j.path("trials")).putObject("byState");
      trials.countByState(j.path("id").asText()).forEach((k, v) -> by.put(k.name(), v));
    }
    return page;
  }

  private TuningService.Page jobs(JobState state, String parent, int offset, int limit) {
    return parent == null || parent.isBlank()
        ? service.jobs(state, offset, limit)
        : ChildJobs.page(service, state, parent, offset, limit);
  }
}
