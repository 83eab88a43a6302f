package dev.vernier.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Every JSON answer (documents, lists, problem documents) shows the service's paths relative to
 * their root ({@link ShownPaths}): readers never see the service's absolute paths or data roots.
 * Binary answers (model downloads) are left alone, and so are the worker protocol's successful
 * answers ({@code /api/v1/fleet/...}, worker and admin tokens only): a trial handed to a worker
 * (also as the {@code next} trial of a report's answer) carries its channels' real paths, which the
 * worker opens.
 */
@ServerFilter("/**")
public class ShownPathsFilter {
  static final String FLEET = "/api/v1/fleet/";
  private final ShownPaths paths;

  public ShownPathsFilter(ShownPaths paths) {
    this.paths = paths;
  }

  @ResponseFilter
  public void hidePaths(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (request.getPath().startsWith(FLEET) && response.code() < 300) {
      return;
    }
    Object body = response.body();
    if (body instanceof JsonNode json) {
      paths.json(json);
    } else if (body instanceof String text && looksLikeJson(response)) {
      @SuppressWarnings("unchecked")
      MutableHttpResponse<Object> r = (MutableHttpResponse<Object>) response;
      r.body(paths.text(text));
    }
  }

  private static boolean looksLikeJson(MutableHttpResponse<?> response) {
    return response.getContentType().map(t -> t.getSubtype().contains("json")).orElse(false);
  }
}
