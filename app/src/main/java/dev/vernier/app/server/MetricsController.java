package dev.vernier.app.server;

import dev.vernier.platform.problem.Problem;
import dev.vernier.platform.problem.ProblemDocument;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Prometheus's text format at {@code /metrics} (a reader token is enough). */
@Controller("/metrics")
@Tag(name = "metrics")
public class MetricsController {
  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Operation(
      summary = "Prometheus metrics",
      description =
          "The tuner's and the monitors' figures, request latencies as histograms, the JVM and the"
              + " process, in Prometheus's text format.")
  @ApiResponse(
      responseCode = "200",
      description = "the scrape",
      content = @Content(mediaType = TEXT_FORMAT, schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "401",
      description = "no token, or an unknown one",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDocument.class)))
  @ApiResponse(
      responseCode = "403",
      description = "the token's role may not do this",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDocument.class)))
  @Get
  @Produces(TEXT_FORMAT)
  public String scrape() {
    return registry.scrape();
  }
}
