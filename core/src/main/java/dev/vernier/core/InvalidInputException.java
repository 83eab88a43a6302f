package dev.vernier.core;

import java.util.List;

/**
 * The caller gave input that breaks a rule: retrying the same input fails the same way.
 *
 * <p>Every instance names the offending {@link #field()}, the {@link #rule()} it broke and the
 * {@link #value()} that broke it, so a CLI can print it as is and a REST layer can map it to a
 * problem document (HTTP 400) without parsing the message.
 *
 * <p>One exception may carry several independent errors of one request ({@link #errors()}, gathered
 * with {@link InputErrors}); then {@link #field()}, {@link #rule()} and {@link #value()} are the
 * first one's, and the message has one line per error.
 *
 * <p>Its {@link #kind()} is {@link ErrorKind#INVALID}; subclasses for a well-formed request that
 * the state or the caller's rights refuse (a taken name, a forbidden object) say so with their own
 * kind and {@link #code()}, and stay invalid input for the CLI (exit 2).
 */
public class InvalidInputException extends VernierException {
  private static final long serialVersionUID = 1L;

  /**
   * One broken rule: the field, the rule, the offending value as text (null for an absence), and
   * whether that value was text, which a message quotes ({@code got 'abc'}) unlike a number ({@code
   * got 2.0}).
   */
  public record Error(String field, String rule, String value, boolean text) {
    /** An error for {@code value} as given: a {@link CharSequence} is quoted, a number is not. */
    public Error(String field, String rule, Object value) {
      this(
          field, rule, value == null ? null : String.valueOf(value), value instanceof CharSequence);
    }

    /** The same error reported under another field, e.g. the request's name for it. */
    public Error withField(String other) {
      return new Error(other, rule, value, text);
    }

    /** {@code field: rule, got 'value'}, as {@link InvalidInputException#getMessage()}. */
    public String message() {
      if (value == null) {
        return field + ": " + rule;
      }
      String s = value.length() > 80 ? value.substring(0, 77) + "..." : value;
      return field + ": " + rule + ", got " + (text ? "'" + s + "'" : s);
    }
  }

  private final List<Error> errors;

  public InvalidInputException(String field, String rule, Object value) {
    this(field, rule, value, null);
  }

  public InvalidInputException(String field, String rule, Object value, Throwable cause) {
    this(new Error(field, rule, value), cause);
  }

  /** One error, e.g. another exception's {@link Error#withField renamed}. */
  public InvalidInputException(Error error, Throwable cause) {
    super(error.message(), cause);
    this.errors = List.of(error);
  }

  /** Several errors of one input, in the order they were found; at least one. */
  public InvalidInputException(List<Error> errors) {
    super(String.join("\n", errors.stream().map(Error::message).toList()), null);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("no errors");
    }
    this.errors = List.copyOf(errors);
  }

  /**
   * This exception's (first) error reported under {@code field}, e.g. a parser's error in the terms
   * of the option or file member it read; this exception is the cause.
   */
  public InvalidInputException at(String field) {
    return new InvalidInputException(errors.get(0).withField(field), this);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.INVALID;
  }

  @Override
  public String code() {
    return "invalid-input";
  }

  @Override
  public String title() {
    return "Invalid input";
  }

  /** The input field, e.g. {@code learning_rate}, {@code --backend} or {@code data.csv:12:3}. */
  @Override
  public String field() {
    return errors.get(0).field();
  }

  /** The rule that was broken, e.g. {@code must be between 1e-6 and 1.0}. */
  public String rule() {
    return errors.get(0).rule();
  }

  /** The offending value as text, or null when the problem is an absence. */
  public String value() {
    return errors.get(0).value();
  }

  /** Every error this exception reports, the first being {@link #field()}'s; never empty. */
  public List<Error> errors() {
    return errors;
  }
}
