/**
 * Inference and label events and their parsing from JSON bytes ({@link
 * dev.vernier.monitor.event.EventParser}, with a fast path that needs no tokenizer); a record that
 * breaks a rule is a {@link dev.vernier.monitor.event.Rejection} with a stable reason, never an
 * exception that stops a consumer. Plain Java; a parser instance is used by one thread.
 */
package dev.vernier.monitor.event;
