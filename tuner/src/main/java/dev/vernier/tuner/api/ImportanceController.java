package dev.vernier.tuner.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.catalog.Direction;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.tuner.gp.ParameterImportance;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.service.TuningService;
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
import java.util.List;
import java.util.Map;

/**
 * A job's hyperparameter importance: the relevance of each parameter in a Gaussian process fitted
 * to its completed trials ({@link ParameterImportance}), seeded with the job's seed.
 */
@Controller("/api/v1/tuning-jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tuning jobs")
public class ImportanceController {
  /** The method's name in answers. */
  public static final String METHOD = "gp-ard";

  /**
   * The most completed trials a fit uses (the GP's fit is cubic in them): beyond, an even subsample
   * by trial number.
   */
  public static final int MAX_POINTS = 150;

  private final TuningService service;

  /** The last answer per job and the completed trials it was computed from (pages poll). */
  private final Map<String, Map.Entry<Integer, ObjectNode>> cache =
      new java.util.concurrent.ConcurrentHashMap<>();

  public ImportanceController(TuningService service) {
    this.service = service;
  }

  @Schema(name = "ParameterImportance")
  public record Parameter(
      String name,
      @Schema(description = "0 to 1; the parameters' importances add up to 1") double importance,
      @Schema(description = "the fitted length scale on the unit axis") double lengthScale) {}

  @Schema(name = "JobImportance")
  public record Importances(
      @Schema(description = "gp-ard: a fitted Gaussian process's length scales") String method,
      @Schema(description = "completed trials it was fitted to (at most " + MAX_POINTS + ")")
          int trials,
      @Schema(description = "empty until enough trials completed") List<Parameter> parameters,
      @Schema(nullable = true, description = "why parameters is empty") String reason) {}

  @Operation(
      operationId = "getImportance",
      summary = "How much each hyperparameter matters, from a GP fitted to the completed trials")
  @ApiResponse(
      responseCode = "200",
      description = "the importances, in the job's parameter order",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Importances.class)))
  @Get(value = "/{id}/importance", produces = MediaType.APPLICATION_JSON)
  public ObjectNode importance(String id) {
    JobRecord j =
        service.job(id).orElseThrow(() -> new NotFoundException("id", "tuning job " + id));
    List<Map<String, Object>> configs = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    boolean max = j.spec().objective().direction() == Direction.MAXIMIZE;
    for (TrialRecord t : service.trials(id)) {
      if (t.state() == TrialState.COMPLETED
          && t.objective() != null
          && Double.isFinite(t.objective())) {
        configs.add(t.config());
        losses.add(max ? -t.objective() : t.objective());
      }
    }
    int completed = configs.size();
    Map.Entry<Integer, ObjectNode> hit = cache.get(id);
    if (hit != null && hit.getKey() == completed) {
      return hit.getValue().deepCopy();
    }
    if (completed > MAX_POINTS) {
      List<Map<String, Object>> c = new ArrayList<>();
      List<Double> l = new ArrayList<>();
      for (int k = 0; k < MAX_POINTS; k++) {
        int i = (int) ((long) k * completed / MAX_POINTS);
        c.add(configs.get(i));
        l.add(losses.get(i));
      }
      configs = c;
      losses = l;
    }
    ObjectNode o =
        Views.JSON.createObjectNode().put("method", METHOD).put("trials", configs.size());
    ArrayNode a = o.putArray("parameters");
    int need = ParameterImportance.minimumTrials(j.spec().ranges().dimensions());
    if (configs.size() < need) {
      o.put(
          "reason",
          "needs " + need + " completed trials, has " + configs.size() + "; shown once they end");
      return o;
    }
    double[] y = losses.stream().mapToDouble(Double::doubleValue).toArray();
    for (ParameterImportance.Importance i :
        ParameterImportance.of(j.spec().ranges(), configs, y, j.spec().seed())) {
      a.addObject()
          .put("name", i.name())
          .put("importance", i.importance())
          .put("lengthScale", i.lengthScale());
    }
    o.putNull("reason");
    if (cache.size() > 100) {
      cache.clear();
    }
    cache.put(id, Map.entry(completed, o.deepCopy()));
    return o;
  }
}
