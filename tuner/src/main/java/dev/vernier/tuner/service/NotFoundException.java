package dev.vernier.tuner.service;

/** An id that names nothing: the REST layer answers 404. */
public final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public NotFoundException(String field, String what) {
    super(what + " does not exist");
    this.field = field;
  }

  public String field() {
    return field;
  }
}
