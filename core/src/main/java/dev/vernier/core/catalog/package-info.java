/**
 * The algorithm catalog: each algorithm's hyperparameters (type, range, default) and the metrics it
 * emits with their direction. The worker provides the built-in {@link
 * dev.vernier.core.catalog.AlgorithmCatalog}; the tuner validates jobs against whatever catalog it
 * is given, so it never depends on the trainers. Values are immutable records; {@link
 * dev.vernier.core.catalog.Hyperparameters} are made only by {@link
 * dev.vernier.core.catalog.AlgorithmSpec#resolve}.
 */
package dev.vernier.core.catalog;
