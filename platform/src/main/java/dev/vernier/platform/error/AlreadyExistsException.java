package dev.vernier.platform.error;

import dev.vernier.core.ErrorKind;
import dev.vernier.core.InvalidInputException;

/** A create with an id that is taken: retrying the same request fails the same way. */
public final class AlreadyExistsException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String field, String id) {
    super(field, "already exists; names are unique", id);
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
