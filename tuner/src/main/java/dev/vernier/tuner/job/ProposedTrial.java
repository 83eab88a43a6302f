package dev.vernier.tuner.job;

import java.util.Map;

/**
 * A trial as proposed: what never changes about it.
 *
 * @param id its id
 * @param number its number in its job, from 1
 * @param config its hyperparameters, typed as the ranges say
 */
public record ProposedTrial(long id, int number, Map<String, Object> config) {}
