package dev.vernier.tuner.strategy;

import dev.vernier.core.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration a strategy proposes.
 *
 * @param config a value for every parameter of the search space, in the space's order, typed as its
 *     ranges type them ({@link Double}, {@link Long}, {@link String})
 * @param note why this configuration, for people: {@code "sobol point 3"}, {@code "expected
 *     improvement 0.12 (mean 0.41, sd 0.08)"}
 */
public record Proposal(Map<String, Object> config, String note) {

  public Proposal {
    if (config == null || config.isEmpty()) {
      throw new InvalidInputException("config", "a proposal needs a configuration", null);
    }
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    note = note == null ? "" : note;
  }
}
