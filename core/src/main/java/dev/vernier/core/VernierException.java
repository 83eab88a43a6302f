package dev.vernier.core;

/**
 * The base of Vernier's own errors: each says what kind of failure it is ({@link #kind()}, with its
 * retry semantics), which input {@link #field()} it concerns (null when none) and a stable {@link
 * #code()} that a REST problem document's {@code type} ends with.
 *
 * <p>Foreign exceptions (SQL, I/O, Kafka) are wrapped once, at the module boundary that knows which
 * kind they are; whatever is not a {@code VernierException} is an internal error (500).
 */
public abstract class VernierException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected VernierException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What the caller should do about it. */
  public abstract ErrorKind kind();

  /** The input field, parameter or header the error concerns; null when none does. */
  public abstract String field();

  /**
   * A stable, lower-case, hyphenated name of this error, e.g. {@code invalid-input}, {@code
   * already-exists}: the last segment of its problem document's {@code type}.
   */
  public abstract String code();

  /** The kind of error in a few words, for people: the problem document's {@code title}. */
  public abstract String title();
}
