/**
 * The service's errors with their retry semantics ({@link dev.vernier.core.ErrorKind}): not found,
 * already exists, already finished, forbidden, not configured, too large, and {@link
 * dev.vernier.platform.error.UnavailableException}, the only retriable one. Modules throw these;
 * {@code platform.problem} turns each kind into its HTTP status, so no module maps statuses itself.
 */
package dev.vernier.platform.error;
