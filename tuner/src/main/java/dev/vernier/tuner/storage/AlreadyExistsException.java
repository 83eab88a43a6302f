package dev.vernier.tuner.storage;

import dev.vernier.core.InvalidInputException;

/** A create with an id that is taken: retrying the same request fails the same way. */
public final class AlreadyExistsException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String field, String id) {
    super(field, "already exists; names are unique", id);
  }
}
