/**
 * The tuner's services: {@link dev.vernier.tuner.service.TuningService} (the public face the REST
 * API, the CLI and the monitor's retraining call; thread-safe), the {@link
 * dev.vernier.tuner.service.Scheduler} that moves jobs along on its timer, the {@link
 * dev.vernier.tuner.service.FleetService} side of the fleet protocol, and content-addressed model
 * files. Time comes from an injected clock; everything decided is written to storage before it is
 * acted on.
 */
package dev.vernier.tuner.service;
