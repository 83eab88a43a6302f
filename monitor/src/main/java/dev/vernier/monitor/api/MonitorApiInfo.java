package dev.vernier.monitor.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/**
 * The monitor's part of the OpenAPI document: the build writes it to {@code
 * META-INF/swagger/vernier-monitor-1.0.0.yml}; the service merges it with the other modules' parts.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "vernier-monitor",
            version = "1.0.0",
            description =
                "Vernier's monitoring API: monitors, ingestion, windows, alerts, webhooks."))
public final class MonitorApiInfo {
  /** The part's resource, as the build names it (title and version). */
  public static final String PART = "META-INF/swagger/vernier-monitor-1.0.0.yml";

  private MonitorApiInfo() {}
}
