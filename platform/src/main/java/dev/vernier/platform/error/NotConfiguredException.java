package dev.vernier.platform.error;

import dev.vernier.core.ErrorKind;
import dev.vernier.core.InvalidInputException;

/**
 * The request is well formed but needs something this server was not started with (a monitor that
 * reads Kafka on a server without Kafka): retrying it fails the same way until an administrator
 * configures the server; the REST layer answers 409 Conflict naming the field.
 */
public final class NotConfiguredException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public NotConfiguredException(String field, String rule, Object value) {
    super(field, rule, value);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.CONFLICT;
  }

  @Override
  public String code() {
    return "not-configured";
  }

  @Override
  public String title() {
    return "Not configured here";
  }
}
