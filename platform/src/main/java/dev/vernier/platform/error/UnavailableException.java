package dev.vernier.platform.error;

import dev.vernier.core.ErrorKind;
import dev.vernier.core.VernierException;

/**
 * Something the service depends on failed for now (the database busy past its timeout, a broker
 * that does not answer): the same request may succeed later, so it is {@link ErrorKind#TRANSIENT}
 * and the REST layer answers 503. The module that calls the dependency wraps its exception once,
 * saying what it was doing.
 */
public final class UnavailableException extends VernierException {
  private static final long serialVersionUID = 1L;

  /**
   * @param what what failed and why it is worth retrying, e.g. {@code the database is busy; retry}
   * @param cause the foreign exception, kept for the log
   */
  public UnavailableException(String what, Throwable cause) {
    super(what, cause);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.TRANSIENT;
  }

  @Override
  public String field() {
    return null;
  }

  @Override
  public String code() {
    return "unavailable";
  }

  @Override
  public String title() {
    return "Service unavailable";
  }
}
