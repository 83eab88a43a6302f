package dev.vernier.tuner.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.platform.problem.Problem;
import dev.vernier.platform.problem.ProblemDocument;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpecParser;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.sagemaker.SageMakerTranslator;
import dev.vernier.tuner.service.ArtifactStore;
import dev.vernier.tuner.service.TuningService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/** Tuning jobs: submit, list, get, stop, trials, best, and the trials' model files. */
@Controller("/api/v1/tuning-jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tuning jobs")
@ApiResponse(
    responseCode = "404",
    description = "no such job or trial",
    content =
        @Content(
            mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = ProblemDocument.class)))
public class JobsController {
  private final TuningService service;
  private final JobSpecParser parser;
  private final SageMakerTranslator sagemaker;
  private final ArtifactStore artifacts;

  public JobsController(
      TuningService service,
      JobSpecParser parser,
      SageMakerTranslator sagemaker,
      ArtifactStore artifacts) {
    this.service = service;
    this.parser = parser;
    this.sagemaker = sagemaker;
    this.artifacts = artifacts;
  }

  /**
   * Submits a job. {@code format=sagemaker} takes SageMaker's CreateHyperParameterTuningJob request
   * and answers with the translated job and every field it ignored.
   */
  @Operation(operationId = "createJob", summary = "Submit a tuning job")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.JobSpecBody.class)))
  @ApiResponse(
      responseCode = "201",
      description = "the job, queued",
      headers =
          @Header(
              name = "Location",
              description = "the job's URI",
              schema = @Schema(type = "string")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.Job.class)))
  @ApiResponse(
      responseCode = "409",
      description = "a job of that name exists",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDocument.class)))
  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ObjectNode> create(
      @Body String body,
      @Schema(
              type = "string",
              allowableValues = {"vernier", "sagemaker"})
          @QueryValue(defaultValue = "vernier")
          String format)
      throws Exception {
    JsonNode json = Views.parse(body);
    JobRecord r;
    ObjectNode out;
    switch (format.toLowerCase(Locale.ROOT)) {
      case "vernier" -> {
        r = service.submit(parser.parse(json));
        out = Views.job(r, java.util.List.of(), service.earlyStoppingRule(r.spec()));
      }
      case "sagemaker" -> {
        SageMakerTranslator.Translation t = sagemaker.translate(json);
        try {
          r = service.submit(parser.parse(t.job()));
        } catch (InvalidInputException e) {
          throw t.inRequestTerms(e);
        }
        out = Views.job(r, java.util.List.of(), service.earlyStoppingRule(r.spec()));
        var ignored = out.putArray("ignoredFields");
        t.ignored().forEach(ignored::add);
      }
      default -> throw new InvalidInputException("format", "must be vernier or sagemaker", format);
    }
    return HttpResponse.created(out, URI.create("/api/v1/tuning-jobs/" + r.id()));
  }

  @Operation(operationId = "listJobs", summary = "List tuning jobs, newest first, a page at a time")
  @ApiResponse(
      responseCode = "200",
      description = "a page of jobs",
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
    return Views.page(jobs(s, parent, offset, limit), service);
  }

  @Operation(
      operationId = "getJob",
      summary = "A tuning job, with its trials counted by state and its best trial")
  @ApiResponse(
      responseCode = "200",
      description = "the job",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.Job.class)))
  @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public ObjectNode get(String id) {
    JobRecord j =
        service.job(id).orElseThrow(() -> new NotFoundException("id", "tuning job " + id));
    return Views.job(j, service.trials(id), service.earlyStoppingRule(j.spec()));
  }

  @Operation(
      operationId = "stopJob",
      summary = "Stop a job: no new trials; running ones are told to stop")
  @ApiResponse(
      responseCode = "200",
      description = "the job, stopping",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.Job.class)))
  @Post(value = "/{id}/stop", produces = MediaType.APPLICATION_JSON)
  public ObjectNode stop(String id) {
    JobRecord j = service.stop(id);
    return Views.job(j, service.trials(id), service.earlyStoppingRule(j.spec()));
  }

  @Operation(
      operationId = "listTrials",
      summary = "The job's trials, a page at a time",
      description =
          "With after, limit or numbers: a page, the first `limit` trials numbered above `after`"
              + " (default 100, at most 1000) and the trials named in `numbers`, in number"
              + " order; pass the answer's nextAfter as the next page's `after`. A poll passes"
              + " the highest number it has as `after` and the numbers of the trials it saw"
              + " PENDING, IN_PROGRESS or STOPPING as `numbers`: an ended trial never changes"
              + " again. Without any of the three: every trial, as before paging existed (kept"
              + " for older clients; a job may have 10,000 trials).")
  @ApiResponse(
      responseCode = "200",
      description = "the trials, by number",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.TrialList.class)))
  @Get(value = "/{id}/trials", produces = MediaType.APPLICATION_JSON)
  public ObjectNode trials(
      String id,
      @Parameter(description = "a trial number: the page starts after it (0, the first trial)")
          @Nullable
          @QueryValue
          Integer after,
      @Parameter(description = "trials a page: 1 to 1000, default 100") @Nullable @QueryValue
          Integer limit,
      @Parameter(
              description =
                  "trials to include wherever they are: numbers and ranges, 3,7,10-12; at most"
                      + " 1000")
          @Nullable
          @QueryValue
          String numbers) {
    if (after == null && limit == null && numbers == null) {
      java.util.List<TrialRecord> all = service.trials(id);
      ObjectNode o = Views.trials(all);
      o.put("total", all.size());
      return o;
    }
    int from = TrialPages.after(after);
    int size = TrialPages.limit(limit);
    java.util.BitSet named = TrialPages.numbers(numbers);
    TrialPages.Page p = TrialPages.page(service.trials(id), from, size, named);
    ObjectNode o = Views.trials(p.trials());
    o.put("total", p.total())
        .put("after", p.after())
        .put("limit", p.limit())
        .put("nextAfter", p.nextAfter())
        .put("hasMore", p.hasMore());
    return o;
  }

  @Operation(
      operationId = "getTrial",
      summary = "One trial, with its metrics per epoch and its stopping decisions")
  @ApiResponse(
      responseCode = "200",
      description = "the trial",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.TrialDetail.class)))
  @Get(value = "/{id}/trials/{number}", produces = MediaType.APPLICATION_JSON)
  public ObjectNode trial(String id, int number) {
    return Views.detail(service.trial(id, number));
  }

  @Operation(operationId = "getBestTrial", summary = "The job's best trial so far")
  @ApiResponse(
      responseCode = "200",
      description = "the best trial",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TunerSchemas.Trial.class)))
  @Get(value = "/{id}/best", produces = MediaType.APPLICATION_JSON)
  public ObjectNode best(String id) {
    return Views.trial(best(id, service.best(id)));
  }

  @Operation(
      operationId = "getTrialModel",
      summary = "Download a trial's model file",
      description =
          "The trial's model.vernier as an attachment named <job>-trial-<n>.vernier; 404 when the"
              + " job, the trial or its model does not exist.")
  @ApiResponse(
      responseCode = "200",
      description = "the model file",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_OCTET_STREAM,
              schema = @Schema(type = "string", format = "binary")))
  @Get(
      value = "/{id}/trials/{number}/model",
      produces = {MediaType.APPLICATION_OCTET_STREAM, Problem.MEDIA_TYPE})
  public HttpResponse<SystemFile> trialModel(String id, int number) {
    return model(service.trial(id, number).trial());
  }

  @Operation(
      operationId = "getBestModel",
      summary = "Download the best trial's model file",
      description = "As /trials/{number}/model, for the job's best trial so far.")
  @ApiResponse(
      responseCode = "200",
      description = "the model file",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_OCTET_STREAM,
              schema = @Schema(type = "string", format = "binary")))
  @Get(
      value = "/{id}/best/model",
      produces = {MediaType.APPLICATION_OCTET_STREAM, Problem.MEDIA_TYPE})
  public HttpResponse<SystemFile> bestModel(String id) {
    return model(best(id, service.best(id)));
  }

  private static TrialRecord best(String id, java.util.Optional<TrialRecord> best) {
    return best.orElseThrow(
        () ->
            new NotFoundException(
                "id", "a best trial of job " + id + " (no trial has an objective yet)"));
  }

  /** The trial's model file, read only from inside the artifact store. */
  private HttpResponse<SystemFile> model(TrialRecord t) {
    Path file =
        artifacts
            .find(t.artifactPath())
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "number",
                        "a model of trial "
                            + t.number()
                            + " of job "
                            + t.jobId()
                            + " (state "
                            + t.state()
                            + ")"));
    return HttpResponse.ok(
        new SystemFile(file.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
            .attach(t.jobId() + "-trial-" + t.number() + ".vernier"));
  }

  private TuningService.Page jobs(JobState state, String parent, int offset, int limit) {
    return parent == null || parent.isBlank()
        ? service.jobs(state, offset, limit)
        : ChildJobs.page(service, state, parent, offset, limit);
  }
}
