/**
 * {@code vernier bench ...} in the bench jar: the commands that run the benchmarks, added to the
 * {@code vernier} CLI through {@link dev.vernier.app.cli.CommandExtension}. Never part of the
 * production jar.
 */
package dev.vernier.bench.cli;
