package dev.vernier.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Every JSON answer (documents, lists, problem documents) shows the service's paths relative to
 * their root ({@link ShownPaths}): readers never see the service's absolute paths or data roots.
 * Binary answers (model downloads) are left alone.
 */
@ServerFilter("/**")
public class ShownPathsFilter {
  private final ShownPaths paths;

  public ShownPathsFilter(ShownPaths paths) {
    this.paths = paths;
  }

  @ResponseFilter
  public void hidePaths(MutableHttpResponse<?> response) {
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
