package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.tuner.service.NotFoundException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;

/**
 * {@code /api/v1/webhooks}: the URLs alerts may be posted to, registered by an administrator. A
 * monitor naming a URL that is not registered is refused.
 */
@Controller("/api/v1/webhooks")
@Tag(name = "monitors")
public class WebhooksController {
  private final MonitorService service;

  public WebhooksController(MonitorService service) {
    this.service = service;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public ObjectNode list() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("webhooks");
    service.store().webhooks().forEach(a::add);
    return o;
  }

  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ObjectNode> register(@Body String body) {
    var json = Json.parse(body, "a webhook");
    json.rejectUnknown(java.util.Set.of("url"));
    String url = MonitorSpecParser.webhookUrl("$.url", json.get("url").text());
    service
        .store()
        .addWebhook(
            "wh-" + UUID.randomUUID().toString().substring(0, 8), url, System.currentTimeMillis());
    return HttpResponse.created(Json.MAPPER.createObjectNode().put("url", url));
  }

  @Delete(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> remove(@QueryValue String url) {
    if (!service.store().removeWebhook(url)) {
      throw new NotFoundException("url", "webhook " + url);
    }
    return HttpResponse.noContent();
  }
}
