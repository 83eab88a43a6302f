package dev.vernier.platform.error;

import dev.vernier.core.ErrorKind;
import dev.vernier.core.InvalidInputException;

/** A create with an id that is taken: retrying the same request fails the same way. */
public final class AlreadyExistsException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String field, String id) {
    super(field, "already exists; names are unique", id);
  }

  /** A conflict whose rule says more than "names are unique" (e.g. how to replace the thing). */
  public AlreadyExistsException(String field, String rule, Object value) {
    super(field, rule, value);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.CONFLICT;
  }

  @Override
  public String code() {
    return "already-exists";
  }

  @Override
  public String title() {
    return "Already exists";
  }
}
