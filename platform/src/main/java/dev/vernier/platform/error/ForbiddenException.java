package dev.vernier.platform.error;

import dev.vernier.core.ErrorKind;
import dev.vernier.core.InvalidInputException;

/**
 * The caller is authenticated but may not do this to this object: a worker name another token
 * registered, a lease of another worker, a missing or wrong worker secret. Retrying the same
 * request fails the same way; the REST layer answers 403 naming the field (a header, a query value
 * or a body field). The value is never a secret.
 */
public final class ForbiddenException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String field, String rule, Object value) {
    super(field, rule, value);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.FORBIDDEN;
  }

  @Override
  public String code() {
    return "forbidden";
  }

  @Override
  public String title() {
    return "Forbidden";
  }
}
