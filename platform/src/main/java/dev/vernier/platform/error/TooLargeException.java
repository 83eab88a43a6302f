package dev.vernier.platform.error;

import dev.vernier.core.ErrorKind;
import dev.vernier.core.InvalidInputException;

/**
 * An upload over its limit: nothing of it was kept, and the same request fails the same way. The
 * REST layer answers 413 naming the field, the limit, what raises it and the size seen.
 */
public final class TooLargeException extends InvalidInputException {
  private static final long serialVersionUID = 1L;
  private final long limit;
  private final long seen;

  /**
   * @param limit the most bytes allowed
   * @param seen the bytes the request declared or sent (at least {@code limit + 1})
   * @param raiseWith the option that raises the limit, e.g. {@code vernier serve
   *     --max-artifact-bytes}
   */
  public TooLargeException(String field, long limit, long seen, String raiseWith) {
    super(field, "must be at most " + limit + " bytes (" + raiseWith + " raises the limit)", seen);
    this.limit = limit;
    this.seen = seen;
  }

  public long limit() {
    return limit;
  }

  public long seen() {
    return seen;
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.TOO_LARGE;
  }

  @Override
  public String code() {
    return "payload-too-large";
  }

  @Override
  public String title() {
    return "Payload too large";
  }
}
