/**
 * Search spaces: the range of each hyperparameter ({@link dev.vernier.core.space.ParameterRange}:
 * continuous, integer, categorical) with its {@link dev.vernier.core.space.Scaling}, and the map to
 * and from the unit interval where strategies work ({@code fromUnit(toUnit(v)) == v}). Ranges
 * validate themselves on construction and are immutable.
 */
package dev.vernier.core.space;
