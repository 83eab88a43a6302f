/**
 * The monitor's REST API (Micronaut controllers under {@code /api/v1/monitors}, {@code /alerts},
 * {@code /webhooks}) and its JSON views and OpenAPI schemas, shared with the CLI. Controllers call
 * {@link dev.vernier.monitor.service.MonitorService} and read its store; time comes from the
 * server's injected clock.
 */
package dev.vernier.monitor.api;
