package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InputErrors;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.delivery.WebhookAddresses;
import dev.vernier.monitor.delivery.WebhookSignature;
import dev.vernier.monitor.delivery.WebhookUrls;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.platform.error.AlreadyExistsException;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.platform.problem.Problem;
import dev.vernier.platform.problem.ProblemDocument;
import io.micronaut.core.annotation.Nullable;
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
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/webhooks}: the URLs alerts may be posted to, registered by an administrator (the
 * whole controller is the administrator's: {@code AccessRules}). A monitor naming a URL that is not
 * registered is refused. Registration sets the secret posts are signed with ({@link
 * WebhookSignature}), given or generated and then shown once, and whether the URL may resolve to a
 * private address ({@link WebhookAddresses}).
 *
 * <p>A URL is registered once: registering it again (or a URL naming the same receiver, {@link
 * WebhookUrls#sameReceiver}) is a 409 that names the webhook's id and keeps its secret, since a
 * client retrying its POST would otherwise replace the secret every receiver verifies with. {@code
 * "rotateSecret": true} asks for the replacement (answered 200 with the webhook, and the secret
 * when generated); a webhook registered before posts were signed gets its first secret without it.
 * URLs are at most {@link WebhookUrls#MAX_LENGTH} characters. A webhook is read and removed by id
 * ({@code ?id=wh-...}, the registration's {@code Location}) or by its URL ({@code ?url=}).
 *
 * <p>Registrations are serialised in this process, so two concurrent ones of a URL cannot both pass
 * the check; across replicas sharing a database the check and the write are two statements.
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
  private final Object registering = new Object();

  /** Registrations are stamped with {@code clock}'s time (the server's clock bean). */
  public WebhooksController(MonitorService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  @Operation(
      operationId = "listWebhooks",
      summary = "The registered webhooks, or the one of ?id= (their secrets are never shown again)")
  @ApiResponse(
      responseCode = "200",
      description = "the webhooks",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.WebhookList.class)))
  @Get(produces = MediaType.APPLICATION_JSON)
  public ObjectNode list(@QueryValue @Nullable String id) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("webhooks");
    if (id != null) {
      a.add(view(byId(id)));
      return o;
    }
    for (Webhook w : service.store().webhooks()) {
      a.add(view(w));
    }
    return o;
  }

  @Operation(
      operationId = "registerWebhook",
      summary = "Register a URL that monitors may post alerts to, or replace its secret")
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
              description = "the webhook's URI, by id (to read or delete it)",
              schema = @Schema(type = "string")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.Webhook.class)))
  @ApiResponse(
      responseCode = "200",
      description =
          "registered before: its secret replaced (\"rotateSecret\": true, or a webhook that had"
              + " none)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorSchemas.Webhook.class)))
  @ApiResponse(
      responseCode = "409",
      description =
          "the URL is registered already (field $.url, the webhook's id in the detail); its"
              + " secret is kept",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDocument.class)))
  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ObjectNode> register(@Body String body) {
    var json = Json.parse(body, "a webhook").object();
    json.rejectUnknown(Set.of("url", "secret", "allowPrivate", "rotateSecret"));
    InputErrors errors = new InputErrors();
    String url = errors.check(() -> url(json.get("url")));
    boolean allowPrivate = flag(errors, json.opt("allowPrivate"));
    boolean rotate = flag(errors, json.opt("rotateSecret"));
    Json given = json.opt("secret");
    String secret = given == null ? null : errors.check(() -> secret(given));
    errors.throwIfAny();
    WebhookAddresses.checkRegistration("$.url", url, allowPrivate);
    boolean generated = given == null;
    if (generated) {
      secret = WebhookSignature.newSecret();
    }
    synchronized (registering) {
      Optional<Webhook> before = registered(url);
      if (before.isPresent()) {
        Webhook old = before.get();
        if (old.secret() != null && !rotate) {
          throw alreadyRegistered(url, old.id());
        }
        // a rotation (or a first secret): the same row, id and creation time
        Webhook w =
            service
                .store()
                .addWebhook(
                    new Webhook(old.id(), old.url(), secret, allowPrivate, old.createdAt()));
        return HttpResponse.ok(answer(w, generated));
      }
      Webhook w =
          service
              .store()
              .addWebhook(
                  new Webhook(
                      "wh-" + UUID.randomUUID().toString().substring(0, 8),
                      url,
                      secret,
                      allowPrivate,
                      clock.millis()));
      return HttpResponse.created(answer(w, generated), URI.create(location(w)));
    }
  }

  /** The webhook's URI: by id, short whatever its URL. */
  static String location(Webhook w) {
    return "/api/v1/webhooks?id=" + w.id();
  }

  private static ObjectNode answer(Webhook w, boolean generated) {
    ObjectNode answer = view(w);
    if (generated) {
      answer.put("secret", w.secret());
    }
    return answer;
  }

  /** The webhook registered with {@code url} or a URL naming the same receiver. */
  private Optional<Webhook> registered(String url) {
    var all = service.store().webhooks();
    Optional<Webhook> same = all.stream().filter(w -> w.url().equals(url)).findFirst();
    return same.isPresent()
        ? same
        : all.stream().filter(w -> WebhookUrls.sameReceiver(w.url(), url)).findFirst();
  }

  private static String url(Json j) {
    String s = j.text();
    WebhookUrls.checkLength(j.path, s);
    return MonitorSpecParser.webhookUrl(j.path, s);
  }

  private static boolean flag(InputErrors errors, Json j) {
    if (j != null && !j.node.isBoolean()) {
      errors.add(j.path, "must be true or false", j.node.asText());
    }
    return j != null && j.node.asBoolean();
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

  private Webhook byId(String id) {
    return service.store().webhooks().stream()
        .filter(w -> w.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new NotFoundException("id", "webhook " + id));
  }

  @Operation(
      operationId = "removeWebhook",
      summary =
          "Remove a webhook, by id (?id=wh-..., as its Location says) or by its URL (?url=...)")
  @ApiResponse(responseCode = "204", description = "removed")
  @Delete(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> remove(@QueryValue @Nullable String id, @QueryValue @Nullable String url) {
    if ((id == null) == (url == null)) {
      throw new InvalidInputException(
          "id",
          "give one of id (?id=wh-...) and url (?url=...): the webhook's id or its URL as"
              + " registered",
          id == null ? "neither" : "both");
    }
    String target = id != null ? byId(id).url() : url;
    if (!service.store().removeWebhook(target)) {
      throw new NotFoundException(id != null ? "id" : "url", "webhook " + (id != null ? id : url));
    }
    return HttpResponse.noContent();
  }

  /**
   * A registration of a URL that is registered already (without {@code "rotateSecret": true}): 409,
   * naming {@code $.url}, the webhook's id and how to replace its secret.
   */
  private static AlreadyExistsException alreadyRegistered(String url, String id) {
    return new AlreadyExistsException(
        "$.url",
        "is registered already, as webhook "
            + id
            + ", whose secret is kept (registering it again would replace the secret its"
            + " receiver verifies with): send \"rotateSecret\": true to replace it, or remove the"
            + " webhook first (DELETE /api/v1/webhooks?id="
            + id
            + ")",
        url);
  }
}
