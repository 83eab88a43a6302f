/**
 * {@link dev.vernier.core.json.Json}: the one Jackson mapper ({@code Json.MAPPER}) and JSON nodes
 * that know their path, whose accessors fail with an {@link dev.vernier.core.InvalidInputException}
 * naming that path and the rule. Every parser of a user's document (jobs, monitors, webhooks) reads
 * through it.
 */
package dev.vernier.core.json;
