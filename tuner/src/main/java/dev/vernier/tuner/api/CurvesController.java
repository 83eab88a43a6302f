package dev.vernier.tuner.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.platform.problem.Problem;
import dev.vernier.platform.problem.ProblemDocument;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.JobSpecParser;
import dev.vernier.tuner.job.MetricDefinition;
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
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The trials' learning curves in one call: a metric's value per epoch of each trial's current
 * attempt, with the trial's state and, for a stopped trial, why. A job of many trials answers the
 * running trials and the {@code limit} best (default {@value #DEFAULT_LIMIT}, at most {@value
 * #MAX_LIMIT}), saying how many it left out: 10,000 curves are megabytes on every poll and no chart
 * shows them.
 */
@Controller("/api/v1/tuning-jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tuning jobs")
public class CurvesController {
  /** How many curves besides the running trials' when the request names no limit. */
  static final int DEFAULT_LIMIT = 50;

  /** The most curves besides the running trials' a request may ask for. */
  static final int MAX_LIMIT = 500;

  private final TuningService service;
  private final TrialStore trials;
  private final AlgorithmCatalog catalog;

  public CurvesController(TuningService service, TrialStore trials, JobSpecParser parser) {
    this.service = service;
    this.trials = trials;
    this.catalog = parser.catalog();
  }

  @Schema(name = "TrialCurve")
  public record Curve(
      int number,
      TrialState state,
      @Schema(nullable = true, description = "why it stopped or failed") String stateReason,
      @Schema(description = "element e-1 is epoch e; null where an epoch was not reported")
          List<Double> values) {}

  @Schema(name = "TrialCurves")
  public record Curves(
      String metric,
      @Schema(description = "the chosen trials' curves, by trial number") List<Curve> curves,
      @Schema(description = "how many trials the job has") int total,
      @Schema(description = "how many of the curves are running trials' (always included)")
          int running,
      @Schema(description = "the most curves answered besides the running trials'") int limit,
      @Schema(description = "how many trials' curves were left out: total minus those answered")
          int omitted) {}

  /**
   * The trials whose curves are answered: every running one ({@code IN_PROGRESS}, {@code
   * STOPPING}), then the {@code limit} others that rank best: by objective in the job's direction,
   * trials without an objective after them by number. In number order.
   */
  record Chosen(List<TrialRecord> trials, int running, int omitted) {}

  static Chosen choose(List<TrialRecord> all, Direction direction, int limit) {
    List<TrialRecord> running = new ArrayList<>();
    List<TrialRecord> others = new ArrayList<>();
    for (TrialRecord t : all) {
      (t.state() == TrialState.IN_PROGRESS || t.state() == TrialState.STOPPING ? running : others)
          .add(t);
    }
    Comparator<Double> better =
        direction == Direction.MINIMIZE
            ? Comparator.<Double>naturalOrder()
            : Comparator.<Double>reverseOrder();
    others.sort(
        Comparator.comparing(TrialRecord::objective, Comparator.nullsLast(better))
            .thenComparingInt(TrialRecord::number));
    List<TrialRecord> out = new ArrayList<>(running);
    out.addAll(others.subList(0, Math.min(limit, others.size())));
    out.sort(Comparator.comparingInt(TrialRecord::number));
    return new Chosen(out, running.size(), all.size() - out.size());
  }

  /**
   * The metrics a job's trials report: its algorithm's (the catalog's), or its command's {@code
   * metricDefinitions}; empty when the catalog no longer knows the algorithm.
   */
  private List<String> metrics(JobSpec spec) {
    if (spec.algorithm() == null) {
      return spec.metricDefinitions().stream().map(MetricDefinition::name).toList();
    }
    return catalog
        .find(spec.algorithm())
        .map(a -> a.metrics().stream().map(MetricSpec::name).toList())
        .orElse(List.of());
  }

  @Operation(
      operationId = "listTrialCurves",
      summary =
          "The running trials' and the best trials' values of a metric by epoch (the"
              + " objective's metric by default)",
      description =
          "Every running trial's curve and the `limit` best others' (by objective; trials without"
              + " one after them), so a job of 10,000 trials answers a few dozen curves;"
              + " `omitted` says how many were left out. A metric the job's algorithm does not"
              + " emit is a 400 naming `metric` and the ones it emits.")
  @ApiResponse(
      responseCode = "200",
      description = "the curves, by trial number",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Curves.class)))
  @ApiResponse(
      responseCode = "400",
      description = "a metric the job does not report, or a limit out of range",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDocument.class)))
  @Get(value = "/{id}/curves", produces = MediaType.APPLICATION_JSON)
  public ObjectNode curves(
      String id,
      @Parameter(description = "a metric the job's algorithm emits; the objective's by default")
          @Nullable
          @QueryValue
          String metric,
      @Parameter(description = "the most curves besides the running trials': 1 to 500, default 50")
          @Nullable
          @QueryValue
          Integer limit) {
    JobRecord j =
        service.job(id).orElseThrow(() -> new NotFoundException("id", "tuning job " + id));
    JobSpec spec = j.spec();
    String m = metric == null || metric.isBlank() ? spec.objective().metric() : metric;
    List<String> emitted = metrics(spec);
    if (!m.equals(spec.objective().metric()) && !emitted.isEmpty() && !emitted.contains(m)) {
      throw new InvalidInputException(
          "metric",
          (spec.algorithm() != null
                  ? "must be one of the metrics that " + spec.algorithm() + " emits, "
                  : "must be one of the job's metricDefinitions, ")
              + emitted,
          m);
    }
    int cap = limit == null ? DEFAULT_LIMIT : limit;
    if (cap < 1 || cap > MAX_LIMIT) {
      throw new InvalidInputException(
          "limit", "must be between 1 and " + MAX_LIMIT + " curves besides the running", limit);
    }
    List<TrialRecord> all = service.trials(id);
    Chosen chosen = choose(all, spec.objective().direction(), cap);
    Map<Long, List<Double>> history =
        chosen.omitted() == 0
            ? trials.history(id, m)
            : trials.history(id, m, chosen.trials().stream().map(TrialRecord::id).toList());
    ObjectNode o = Views.JSON.createObjectNode().put("metric", m);
    ArrayNode a = o.putArray("curves");
    for (TrialRecord t : chosen.trials()) {
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
    o.put("total", all.size())
        .put("running", chosen.running())
        .put("limit", cap)
        .put("omitted", chosen.omitted());
    return o;
  }
}
