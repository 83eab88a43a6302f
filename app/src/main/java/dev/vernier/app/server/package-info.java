/**
 * The running service's wiring: {@link dev.vernier.app.server.VernierServer} starts storage, the
 * tuner, the monitors, the HTTP server (Micronaut, with the services and the clock it is given
 * registered as beans for the modules' controllers) and the in-process worker slots in that order,
 * and closes them in reverse. Here too: the filters (authorisation on the matched route, body
 * limits, request metrics, shown paths), the Prometheus implementations of the modules' metrics
 * interfaces and the API documents.
 */
package dev.vernier.app.server;
