/**
 * The tuner's REST API (Micronaut controllers under {@code /api/v1/tuning-jobs}, {@code /fleet},
 * {@code /workers}) and its JSON views and OpenAPI schemas. Controllers call {@code tuner.service}
 * and the stores' read methods, never write storage themselves; errors leave as {@code
 * platform.error} exceptions that become problem documents.
 */
package dev.vernier.tuner.api;
