package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.Histogram;
import dev.vernier.monitor.evaluate.WindowHistograms;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.storage.WindowRepository;
import dev.vernier.tuner.service.NotFoundException;
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

/**
 * {@code GET /api/v1/monitors/{id}/features/{feature}/histograms}: one numeric feature's baseline
 * histogram and each closed window's counts over the same bins, for drawing a window's distribution
 * against the baseline's.
 */
@Controller("/api/v1/monitors")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "monitors")
public class FeatureHistogramsController {
  private final MonitorService service;

  public FeatureHistogramsController(MonitorService service) {
    this.service = service;
  }

  @Schema(name = "WindowHistogram")
  public record WindowHistogram(
      long start,
      long end,
      @Schema(
              nullable = true,
              description = "null for a window closed before windows kept their histograms")
          Counts histogram) {}

  @Schema(name = "HistogramCounts")
  public record Counts(
      @Schema(description = "values below the first edge") long underflow,
      @Schema(description = "one per bin, over the baseline's edges") List<Long> counts,
      @Schema(description = "values above the last edge") long overflow) {}

  @Schema(name = "FeatureHistograms")
  public record FeatureHistograms(
      String feature,
      @Schema(description = "the baseline's bin edges: bins + 1, ascending") List<Double> edges,
      @Schema(description = "the baseline's counts per bin (estimated from its sketch)")
          List<Long> baseline,
      @Schema(description = "closed windows, newest first") List<WindowHistogram> windows) {}

  @Operation(
      operationId = "getFeatureHistograms",
      summary =
          "A numeric feature's baseline histogram and each closed window's counts over its bins",
      description =
          "Each closed window keeps, per numeric feature, its counts over the baseline's bins"
              + " (a value on an edge goes in the bin it starts; the last bin holds the last edge),"
              + " with values below the first edge or above the last as underflow and overflow;"
              + " missing values are not counted. A window closed before Vernier kept these has"
              + " histogram null.")
  @ApiResponse(
      responseCode = "200",
      description = "the baseline's edges and counts, and the windows' counts, newest first",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = FeatureHistograms.class)))
  @Get(value = "/{id}/features/{feature}/histograms", produces = MediaType.APPLICATION_JSON)
  public ObjectNode histograms(
      String id, String feature, @QueryValue(defaultValue = "20") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidInputException("limit", "must be between 1 and 1000", limit);
    }
    service.monitor(id).orElseThrow(() -> new NotFoundException("id", "monitor " + id));
    Baseline b = service.model(id).baseline();
    return view(b, feature, service.store().windowHistograms(id, limit));
  }

  /**
   * The response for {@code feature} of baseline {@code b} over the stored windows.
   *
   * @throws InvalidInputException naming {@code feature} when the baseline has no such feature
   *     (listing those it has) or no histogram for it (a categorical feature, or one without
   *     values)
   */
  public static ObjectNode view(
      Baseline b, String feature, List<WindowRepository.WindowCounts> windows) {
    int index = b.schema().indexOf(feature);
    Histogram h = b.profile(index).histogram();
    if (h == null) {
      throw new InvalidInputException(
          "feature",
          "must be a numeric feature with values in the baseline (a categorical feature's"
              + " counts are in the baseline's categoryCounts)",
          feature);
    }
    ObjectNode o = Json.MAPPER.createObjectNode().put("feature", feature);
    ArrayNode edges = o.putArray("edges");
    for (int i = 0; i <= h.bins(); i++) {
      edges.add(h.edge(i));
    }
    ArrayNode base = o.putArray("baseline");
    for (long c : h.counts()) {
      base.add(c);
    }
    ArrayNode list = o.putArray("windows");
    for (WindowRepository.WindowCounts w : windows) {
      ObjectNode n = list.addObject().put("start", w.start()).put("end", w.end());
      long[] c = w.histograms() == null ? null : WindowHistograms.feature(w.histograms(), index);
      if (c == null || c.length != h.bins() + 2) {
        n.putNull("histogram");
        continue;
      }
      ObjectNode hn = n.putObject("histogram").put("underflow", c[0]);
      ArrayNode counts = hn.putArray("counts");
      for (int i = 1; i <= h.bins(); i++) {
        counts.add(c[i]);
      }
      hn.put("overflow", c[c.length - 1]);
    }
    return o;
  }
}
