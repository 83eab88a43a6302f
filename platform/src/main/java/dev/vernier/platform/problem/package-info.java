/**
 * RFC 9457 problem documents: {@link dev.vernier.platform.problem.Problem} writes them, {@link
 * dev.vernier.platform.problem.ProblemHandlers} maps every {@link
 * dev.vernier.core.VernierException} by its kind (the one place a kind becomes an HTTP status) and
 * {@link dev.vernier.platform.problem.ProblemResponses} gives Micronaut's own errors the same
 * shape. Every REST error of the service is one of these documents.
 */
package dev.vernier.platform.problem;
