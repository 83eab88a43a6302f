package dev.vernier.app.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.time.Duration;

/**
 * The latency of every request as a histogram, by method, route template (never the raw path, so
 * ids do not make new series) and status. Runs before every other filter, so refused requests count
 * too.
 */
@ServerFilter("/**")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class HttpMetricsFilter {
  private static final String STARTED = "vernier.started";
  private final MeterRegistry registry;

  public HttpMetricsFilter(MeterRegistry registry) {
    this.registry = registry;
  }

  @RequestFilter
  public void start(HttpRequest<?> request) {
    request.setAttribute(STARTED, System.nanoTime());
  }

  @ResponseFilter
  public void record(HttpRequest<?> request, HttpResponse<?> response) {
    Long started = request.getAttribute(STARTED, Long.class).orElse(null);
    if (started == null) {
      return;
    }
    Timer.builder("vernier_http_server_requests")
        .description("time to answer an HTTP request, by method, route template and status")
        .tags(
            "method",
            request.getMethodName(),
            "route",
            BasicHttpAttributes.getUriTemplate(request).orElse("other"),
            "status",
            Integer.toString(response.code()))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(Duration.ofNanos(System.nanoTime() - started));
  }
}
