package dev.vernier.tuner.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.service.TuningService;
import dev.vernier.tuner.storage.TrialStore;
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

/**
 * A trial's model provenance as its worker reported it (what {@code vernier model inspect} reads
 * from the model file), without downloading the model.
 */
@Controller("/api/v1/tuning-jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tuning jobs")
public class ProvenanceController {
  private final TuningService service;
  private final TrialStore trials;

  public ProvenanceController(TuningService service, TrialStore trials) {
    this.service = service;
    this.trials = trials;
  }

  @Operation(
      operationId = "getTrialProvenance",
      summary = "A trial's model provenance: algorithm, hyperparameters, seed, data, backend")
  @ApiResponse(
      responseCode = "200",
      description = "the provenance document",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
  @Get(value = "/{id}/trials/{number}/provenance", produces = MediaType.APPLICATION_JSON)
  public JsonNode provenance(String id, int number) {
    TrialRecord t = service.trial(id, number).trial();
    String json =
        trials
            .provenance(t.id())
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "number",
                        "a provenance of trial "
                            + number
                            + " of job "
                            + id
                            + " (state "
                            + t.state()
                            + ")"));
    // a stored document, as a worker sent it: read as stored, not by a request body's strict rules
    try {
      return Views.JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Views.parse(json); // refuses it as it always did
    }
  }
}
