package dev.vernier.tuner.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/**
 * The tuner's part of the OpenAPI document: the build writes it to {@code
 * META-INF/swagger/vernier-tuner-1.0.0.yml}; the service merges the parts of every module into one
 * document (header and security scheme included) and serves that at {@code /openapi/vernier.yml}.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "vernier-tuner",
            version = "1.0.0",
            description = "Vernier's tuning API: jobs, trials, the worker fleet."))
public final class ApiInfo {
  /** The part's resource, as the build names it (title and version). */
  public static final String PART = "META-INF/swagger/vernier-tuner-1.0.0.yml";

  private ApiInfo() {}
}
