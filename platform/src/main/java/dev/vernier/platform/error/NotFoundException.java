package dev.vernier.platform.error;

import dev.vernier.core.ErrorKind;
import dev.vernier.core.VernierException;

/**
 * An id that names nothing: the same request fails the same way until the object is created; the
 * REST layer answers 404 naming the field that held the id.
 */
public final class NotFoundException extends VernierException {
  private static final long serialVersionUID = 1L;
  private final String field;

  /**
   * @param field the parameter or field that held the id, e.g. {@code id}
   * @param what what was looked for, e.g. {@code tuning job j-1}; the message is {@code what} +
   *     {@code " does not exist"}
   */
  public NotFoundException(String field, String what) {
    super(what + " does not exist", null);
    this.field = field;
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.NOT_FOUND;
  }

  @Override
  public String field() {
    return field;
  }

  @Override
  public String code() {
    return "not-found";
  }

  @Override
  public String title() {
    return "Not found";
  }
}
