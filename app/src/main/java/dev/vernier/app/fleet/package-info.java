/**
 * HTTP clients of the service: {@link dev.vernier.app.fleet.ApiClient} (bearer token, JSON, problem
 * documents turned into exceptions), used by the CLI, and {@link
 * dev.vernier.app.fleet.HttpFleetClient}, the fleet protocol for a remote {@code vernier worker}.
 * Thread-safe.
 */
package dev.vernier.app.fleet;
