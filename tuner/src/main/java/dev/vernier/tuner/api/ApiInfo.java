package dev.vernier.tuner.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's header; the build writes the document to {@code
 * META-INF/swagger/vernier-1.0.0.yml} and the service serves it at {@code /openapi/}.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "vernier",
            version = "1.0.0",
            description = "Vernier's tuning API: jobs, trials, the worker fleet."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class ApiInfo {
  private ApiInfo() {}
}
