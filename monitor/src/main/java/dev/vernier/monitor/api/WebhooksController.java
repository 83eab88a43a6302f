package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InputErrors;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.delivery.WebhookAddresses;
import dev.vernier.monitor.delivery.WebhookSignature;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.platform.problem.Problem;
import dev.vernier.platform.problem.ProblemDocument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * {@code /api/v1/webhooks}: the URLs alerts may be posted to, registered by an administrator (the
 * whole controller is the administrator's: {@code AccessRules}). A monitor naming a URL that is not
 * registered is refused. Registration sets the secret posts are signed with ({@link
 * WebhookSignature}), given or generated and then shown once, and whether the URL may resolve to a
 * private address ({@link WebhookAddresses}).
 */
@Controller("/api/v1/webhooks")
@Tag(name = "webhooks", description = "administrators only")
@ApiResponse(
    responseCode = "404",
    description = "no such webhook",
    content =
        @Content(
            mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = ProblemDocument.class)))
public class WebhooksController {
  private final MonitorService service;
  private final Clock clock;

  /** Registrations are stamped with {@code clock}'s time (the server's clock bean). */
  public WebhooksController(MonitorService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  @Operation(
      operationId = "listWebhooks",
      summary = "The registered webhooks (their secrets are never shown again)")
  @ApiResponse(
      responseCode = "200",
      description = "the webhooks",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.WebhookList.class)))
  @Get(produces = MediaType.APPLICATION_JSON)
  public ObjectNode list() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("webhooks");
    for (Webhook w : service.store().webhooks()) {
      a.add(view(w));
    }
    return o;
  }

  @Operation(
      operationId = "registerWebhook",
      summary = "Register a URL that monitors may post alerts to")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.WebhookRequest.class)))
  @ApiResponse(
      responseCode = "201",
      description = "registered",
      headers =
          @Header(
              name = "Location",
              description = "the webhook's URI (to delete it)",
              schema = @Schema(type = "string")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.Webhook.class)))
  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ObjectNode> register(@Body String body) {
    var json = Json.parse(body, "a webhook").object();
    json.rejectUnknown(java.util.Set.of("url", "secret", "allowPrivate"));
    InputErrors errors = new InputErrors();
    String url = errors.check(() -> MonitorSpecParser.webhookUrl("$.url", json.get("url").text()));
    Json allow = json.opt("allowPrivate");
    if (allow != null && !allow.node.isBoolean()) {
      errors.add(allow.path, "must be true or false", allow.node.asText());
    }
    boolean allowPrivate = allow != null && allow.node.asBoolean();
    Json given = json.opt("secret");
    String secret = given == null ? null : errors.check(() -> secret(given));
    errors.throwIfAny();
    WebhookAddresses.checkRegistration("$.url", url, allowPrivate);
    boolean generated = given == null;
    Webhook w =
        service
            .store()
            .addWebhook(
                new Webhook(
                    "wh-" + UUID.randomUUID().toString().substring(0, 8),
                    url,
                    generated ? WebhookSignature.newSecret() : secret,
                    allowPrivate,
                    clock.millis()));
    ObjectNode answer = view(w);
    if (generated) {
      answer.put("secret", w.secret());
    }
    return HttpResponse.created(
        answer,
        URI.create("/api/v1/webhooks?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)));
  }

  private static String secret(Json j) {
    String s = j.text();
    if (s.length() < WebhookSignature.MIN_SECRET || s.length() > 200 || s.isBlank()) {
      throw new InvalidInputException(
          j.path,
          "must be "
              + WebhookSignature.MIN_SECRET
              + " to 200 characters (or left out: the service generates one and shows it once)",
          s.length() + " characters");
    }
    return s;
  }

  /** A webhook as administrators see it: never its secret. */
  static ObjectNode view(Webhook w) {
    return Json.MAPPER
        .createObjectNode()
        .put("id", w.id())
        .put("url", w.url())
        .put("allowPrivate", w.allowPrivate())
        .put("signed", w.secret() != null)
        .put("createdAt", w.createdAt());
  }

  @Operation(operationId = "removeWebhook", summary = "Remove a webhook URL")
  @ApiResponse(responseCode = "204", description = "removed")
  @Delete(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> remove(@QueryValue String url) {
    if (!service.store().removeWebhook(url)) {
      throw new NotFoundException("url", "webhook " + url);
    }
    return HttpResponse.noContent();
  }
}
