/**
 * The drift methods, one class each, registered in {@code
 * META-INF/services/dev.vernier.monitor.drift.DriftMethod}: {@code ks} ({@link
 * dev.vernier.monitor.drift.method.KolmogorovSmirnov}), {@code psi} ({@link
 * dev.vernier.monitor.drift.method.PopulationStability}), {@code js} ({@link
 * dev.vernier.monitor.drift.method.JensenShannon}), {@code wasserstein} ({@link
 * dev.vernier.monitor.drift.method.Wasserstein}) for numeric features; {@code chi2} ({@link
 * dev.vernier.monitor.drift.method.ChiSquared}) and {@code linf} ({@link
 * dev.vernier.monitor.drift.method.LInfinity}) for categorical ones. Each implements {@link
 * dev.vernier.monitor.drift.DriftMethod} and its contract; each has a test extending {@code
 * DriftMethodContractTest}. {@code Methods} holds the checks they share (threshold, fitted).
 */
package dev.vernier.monitor.drift.method;
