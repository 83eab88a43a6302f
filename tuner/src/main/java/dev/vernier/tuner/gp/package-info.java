/**
 * Gaussian processes as plain Java: the Matérn 5/2 kernel, hyperparameter fits by L-BFGS on the
 * marginal likelihood, expected improvement and its optimiser, stacked posteriors for transfer, and
 * parameter importance. The Bayesian strategy's mathematics, away from strategies and storage;
 * deterministic for a seed, and not thread-safe (one model per job).
 */
package dev.vernier.tuner.gp;
