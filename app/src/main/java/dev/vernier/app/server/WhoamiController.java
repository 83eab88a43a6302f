package dev.vernier.app.server;

import dev.vernier.app.security.TokenStore;
import dev.vernier.platform.http.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Who the caller is: the token's id, role and description, for clients that show or hide what a
 * role may do (the dashboard's buttons) and for the dashboard's question before a link's token is
 * used ("log in as ...?"). Every role may ask; the answer never contains the token.
 */
@Controller("/api/v1/whoami")
@Tag(name = "tokens")
public class WhoamiController {
  /** The caller, as the API sees it. */
  @Schema(name = "Whoami")
  public record Whoami(
      @Schema(description = "the token's id (not the token)") String tokenId,
      @Schema(
              type = "string",
              description = "the token's role",
              allowableValues = {"admin", "submitter", "worker", "reader"})
          String role,
      @Schema(
              description =
                  "what the token was created for (vernier token create --description), or"
                      + " null",
              nullable = true)
          String description,
      @Schema(description = "when the token was created", format = "date-time", nullable = true)
          String createdAt) {}

  @Operation(operationId = "whoami", summary = "The calling token's id, role and description")
  @ApiResponse(
      responseCode = "200",
      description = "the caller",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Whoami.class)))
  @Get(produces = MediaType.APPLICATION_JSON)
  public Whoami whoami(HttpRequest<?> request) {
    Caller c =
        Caller.of(request)
            .orElseThrow(() -> new IllegalStateException("whoami reached without a caller"));
    TokenStore.TokenInfo info =
        request.getAttribute(AuthFilter.PRINCIPAL, TokenStore.TokenInfo.class).orElse(null);
    return new Whoami(
        c.tokenId(),
        c.role(),
        info == null ? null : info.description(),
        info == null ? null : java.time.Instant.ofEpochMilli(info.createdAt()).toString());
  }
}
