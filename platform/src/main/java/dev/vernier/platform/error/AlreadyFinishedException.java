package dev.vernier.platform.error;

import dev.vernier.core.ErrorKind;
import dev.vernier.core.InvalidInputException;

/**
 * The request asks something of a job that has already ended (stopping a completed job): retrying
 * it fails the same way, and the REST layer answers 409 Conflict rather than 400, because the
 * request itself is well formed; the job's state is what refuses it.
 */
public final class AlreadyFinishedException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public AlreadyFinishedException(String field, String rule, Object value) {
    super(field, rule, value);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.CONFLICT;
  }

  @Override
  public String code() {
    return "already-finished";
  }

  @Override
  public String title() {
    return "Already finished";
  }
}
