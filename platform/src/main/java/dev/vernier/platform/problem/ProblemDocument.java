package dev.vernier.platform.problem;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The shape of every error body ({@link Problem#MEDIA_TYPE}), for the OpenAPI document; {@link
 * Problem#of} writes it.
 */
@Schema(
    name = "ProblemDocument",
    description =
        "An RFC 9457 problem document: every error of the API, the framework's own included.")
public record ProblemDocument(
    @Schema(
            description = "a stable URI per kind of error",
            example = "https://vernier.dev/problems/invalid-input",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String type,
    @Schema(
            description = "the kind of error, for people",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String title,
    @Schema(
            description = "the HTTP status",
            example = "400",
            requiredMode = Schema.RequiredMode.REQUIRED)
        int status,
    @Schema(
            description = "what was wrong, with the values, as a person can act on it",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String detail,
    @Schema(
            description = "the field (a JSON path, a parameter or a header) that was wrong",
            nullable = true,
            example = "$.window.events")
        String field,
    @Schema(
            description =
                "for bad input, every error of the request (the first is field and detail above)",
            nullable = true)
        java.util.List<FieldError> errors) {

  /** One error of a request: the field as the request wrote it and what was wrong with it. */
  @Schema(name = "FieldError")
  public record FieldError(
      @Schema(description = "the field, as the request wrote it", example = "$.limits.maxTrials")
          String field,
      @Schema(description = "what was wrong, with the value") String detail) {}
}
