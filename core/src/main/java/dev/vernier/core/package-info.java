/**
 * The shared vocabulary's base: {@link dev.vernier.core.VernierException} with its {@link
 * dev.vernier.core.ErrorKind} (retry semantics), {@link dev.vernier.core.InvalidInputException}
 * naming field, rule and value, {@link dev.vernier.core.InputErrors} to report every error of a
 * request at once, and the running {@link dev.vernier.core.Version}. Immutable and thread-safe;
 * depends on no framework (no Micronaut, jOOQ, Kafka or JavaCPP), so every module may use it.
 */
package dev.vernier.core;
