/**
 * {@link dev.vernier.core.registry.Registry}: plugins of one kind by name, discovered through
 * {@code META-INF/services}; an unknown name's error names the field, the value and the names that
 * exist. Strategies, early stoppers, drift methods, algorithms and kernel backends use it.
 */
package dev.vernier.core.registry;
