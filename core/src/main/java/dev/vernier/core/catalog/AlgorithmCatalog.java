package dev.vernier.core.catalog;

import java.util.Collection;
import java.util.Optional;

/**
 * Looks algorithms up by name. The worker module provides the built-in catalog; the tuner validates
 * jobs against whatever catalog it is given, so it never depends on the trainers.
 */
public interface AlgorithmCatalog {
  Optional<AlgorithmSpec> find(String name);

  /** Every name, for error messages that list what exists. */
  Collection<String> names();
}
