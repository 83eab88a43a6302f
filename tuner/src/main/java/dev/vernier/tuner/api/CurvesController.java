package dev.vernier.tuner.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
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
import java.util.List;
import java.util.Map;

/**
 * Every trial's learning curve in one call: a metric's value per epoch of each trial's current
 * attempt (one query for the whole job), with the trial's state and, for a stopped trial, why.
 */
@Controller("/api/v1/tuning-jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tuning jobs")
public class CurvesController {
  private final TuningService service;
  private final TrialStore trials;

  public CurvesController(TuningService service, TrialStore trials) {
    this.service = service;
    this.trials = trials;
  }

  @Schema(name = "TrialCurve")
  public record Curve(
      int number,
      TrialState state,
      @Schema(nullable = true, description = "why it stopped or failed") String stateReason,
      @Schema(description = "element e-1 is epoch e; null where an epoch was not reported")
          List<Double> values) {}

  @Schema(name = "TrialCurves")
  public record Curves(String metric, List<Curve> curves) {}

  @Operation(
      operationId = "listTrialCurves",
      summary = "Every trial's values of a metric by epoch (the objective's metric by default)")
  @ApiResponse(
      responseCode = "200",
      description = "the curves, by trial number",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Curves.class)))
  @Get(value = "/{id}/curves", produces = MediaType.APPLICATION_JSON)
  public ObjectNode curves(String id, @Nullable @QueryValue String metric) {
    JobRecord j =
        service.job(id).orElseThrow(() -> new NotFoundException("id", "tuning job " + id));
    String m = metric == null || metric.isBlank() ? j.spec().objective().metric() : metric;
    Map<Long, List<Double>> history = trials.history(id, m);
    ObjectNode o = Views.JSON.createObjectNode().put("metric", m);
    ArrayNode a = o.putArray("curves");
    for (TrialRecord t : service.trials(id)) {
      ObjectNode c =
          a.addObject()
              .put("number", t.number())
              .put("state", t.state().name())
              .put("stateReason", t.stateReason());
      ArrayNode v = c.putArray("values");
      for (double x : history.getOrDefault(t.id(), List.of())) {
        if (Double.isFinite(x)) {
          v.add(x);
        } else {
          v.addNull();
        }
      }
    }
    return o;
  }
}
