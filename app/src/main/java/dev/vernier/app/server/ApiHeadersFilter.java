package dev.vernier.app.server;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Every API answer (documents, lists, problem documents, model downloads) is kept out of shared and
 * browser caches ({@code Cache-Control: no-store}: they hold a token's view of jobs and monitors)
 * and is never content-sniffed into another type ({@code X-Content-Type-Options: nosniff}: a
 * problem document that repeats user input stays JSON). An answer that set its own cache policy
 * keeps it.
 */
@ServerFilter("/api/**")
// before the authentication filter, so its refusals (401, 403) get the headers too
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiHeadersFilter {
  @ResponseFilter
  public void headers(MutableHttpResponse<?> response) {
    if (!response.getHeaders().contains("Cache-Control")) {
      response.header("Cache-Control", "no-store");
    }
    response.header("X-Content-Type-Options", "nosniff");
  }
}
