/**
 * Search strategies: the {@link dev.vernier.tuner.strategy.SearchStrategy} SPI (random, Sobol,
 * grid, Bayesian, Hyperband) and its {@link dev.vernier.tuner.strategy.StrategyRegistry}. A
 * strategy proposes from a read-only {@link dev.vernier.tuner.strategy.StrategyContext} and its
 * seed, the same proposals for the same seed and history; it never writes storage. Strategies are
 * thread-safe and keep only per-job caches.
 */
package dev.vernier.tuner.strategy;
