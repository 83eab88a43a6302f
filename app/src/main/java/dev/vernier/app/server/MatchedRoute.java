package dev.vernier.app.server;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;

/**
 * The route the router matched for a request, as filters that decide by route read it (never the
 * raw path, which may be spelled many ways). Micronaut 4 matches before such filters run.
 */
final class MatchedRoute {
  private MatchedRoute() {}

  /**
   * The matched route's URI template without its query part ({@code /api/v1/tuning-jobs/{id}}), or
   * null when the request matched no route.
   */
  @Nullable
  static String template(HttpRequest<?> request) {
    return RouteAttributes.getRouteMatch(request).orElse(null) instanceof UriRouteMatch<?, ?> m
        ? m.getRouteInfo().getUriMatchTemplate().toPathString()
        : null;
  }
}
