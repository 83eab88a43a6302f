package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.FeatureProfile;
import dev.vernier.monitor.baseline.FeatureSchema;
import dev.vernier.monitor.baseline.Histogram;
import dev.vernier.monitor.evaluate.WindowHistograms;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.storage.WindowRepository;
import dev.vernier.platform.error.NotFoundException;
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
 * {@code GET /api/v1/monitors/{id}/features/{feature}/histograms}: one feature's baseline histogram
 * (numeric: counts over bins; categorical: counts per category) and each closed window's counts
 * over the same bins or categories, for drawing a window's distribution against the baseline's.
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
      @Schema(description = "numeric: values below the first edge", nullable = true) Long underflow,
      @Schema(
              description =
                  "numeric: one per bin, over the baseline's edges; categorical: one per"
                      + " baseline category")
          List<Long> counts,
      @Schema(description = "numeric: values above the last edge", nullable = true) Long overflow,
      @Schema(
              description = "categorical: values of a category the baseline never saw",
              nullable = true)
          Long other,
      @Schema(
              description = "categorical: missing values (and values of the wrong type)",
              nullable = true)
          Long missing) {}

  @Schema(name = "FeatureHistograms")
  public record FeatureHistograms(
      String feature,
      @Schema(description = "numeric or categorical") String type,
      @Schema(
              description = "numeric: the baseline's bin edges, bins + 1, ascending",
              nullable = true)
          List<Double> edges,
      @Schema(description = "categorical: the baseline's categories, by code", nullable = true)
          List<String> categories,
      @Schema(
              description =
                  "the baseline's counts per bin (estimated from its sketch) or per category"
                      + " (exact)")
          List<Long> baseline,
      @Schema(description = "the baseline's missing values") long baselineMissing,
      @Schema(description = "closed windows, newest first") List<WindowHistogram> windows) {}

  @Operation(
      operationId = "getFeatureHistograms",
      summary =
          "A feature's baseline histogram and each closed window's counts over its bins or"
              + " categories",
      description =
          "Each closed window keeps, per numeric feature, its counts over the baseline's bins"
              + " (a value on an edge goes in the bin it starts; the last bin holds the last edge),"
              + " with values below the first edge or above the last as underflow and overflow;"
              + " missing values are not counted. Per categorical feature it keeps a count per"
              + " baseline category, other (categories the baseline never saw) and missing. A"
              + " window closed before Vernier kept these has histogram null.")
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
   *     (listing those it has) or no histogram for it (a numeric feature without values)
   */
  public static ObjectNode view(
      Baseline b, String feature, List<WindowRepository.WindowCounts> windows) {
    int index = b.schema().indexOf(feature);
    FeatureProfile p = b.profile(index);
    if (p.categoryCounts() != null) {
      return categorical(b.schema().feature(index), p, index, windows);
    }
    Histogram h = p.histogram();
    if (h == null) {
      throw new InvalidInputException(
          "feature",
          "must be a categorical feature or a numeric one with values in the baseline",
          feature);
    }
    ObjectNode o =
        Json.MAPPER
            .createObjectNode()
            .put("feature", feature)
            .put("type", "numeric")
            .put("baselineMissing", p.missing());
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

  private static ObjectNode categorical(
      FeatureSchema fs, FeatureProfile p, int index, List<WindowRepository.WindowCounts> windows) {
    ObjectNode o =
        Json.MAPPER
            .createObjectNode()
            .put("feature", fs.name())
            .put("type", "categorical")
            .put("baselineMissing", p.missing());
    ArrayNode names = o.putArray("categories");
    fs.categories().forEach(names::add);
    ArrayNode base = o.putArray("baseline");
    for (long c : p.categoryCounts()) {
      base.add(c);
    }
    int k = fs.categoryCount();
    ArrayNode list = o.putArray("windows");
    for (WindowRepository.WindowCounts w : windows) {
      ObjectNode n = list.addObject().put("start", w.start()).put("end", w.end());
      WindowHistograms.Categories c =
          w.histograms() == null ? null : WindowHistograms.categories(w.histograms(), index, k);
      if (c == null) {
        n.putNull("histogram");
        continue;
      }
      ObjectNode hn = n.putObject("histogram");
      ArrayNode counts = hn.putArray("counts");
      for (long x : c.counts()) {
        counts.add(x);
      }
      hn.put("other", c.other()).put("missing", c.missing());
    }
    return o;
  }
}
