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

  /** One broken rule: the field, the rule, the offending value (null for an absence). */
  public record Error(String field, String rule, String value) {
    /** {@code field: rule, got 'value'}, as {@link InvalidInputException#getMessage()}. */
    public String message() {
      return format(field, rule, value);
    }
  }

  private final String field;
  private final String rule;
  private final String value;
  private final List<Error> errors;

  public InvalidInputException(String field, String rule, Object value) {
    this(field, rule, value, null);
  }

  public InvalidInputException(String field, String rule, Object value, Throwable cause) {
    super(format(field, rule, value), cause);
    this.field = field;
    this.rule = rule;
    this.value = value == null ? null : String.valueOf(value);
    this.errors = List.of(new Error(field, rule, this.value));
  }

  /** Several errors of one input, in the order they were found; at least one. */
  public InvalidInputException(List<Error> errors) {
    super(String.join("\n", errors.stream().map(Error::message).toList()), null);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("no errors");
    }
    this.errors = List.copyOf(errors);
    this.field = errors.get(0).field();
    this.rule = errors.get(0).rule();
    this.value = errors.get(0).value();
  }

  private static String format(String field, String rule, Object value) {
    return value == null ? field + ": " + rule : field + ": " + rule + ", got " + quote(value);
  }

  private static String quote(Object value) {
    String s = String.valueOf(value);
    if (s.length() > 80) {
      s = s.substring(0, 77) + "...";
    }
    return value instanceof CharSequence ? "'" + s + "'" : s;
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
    return field;
  }

  /** The rule that was broken, e.g. {@code must be between 1e-6 and 1.0}. */
  public String rule() {
    return rule;
  }

  /** The offending value as text, or null when the problem is an absence. */
  public String value() {
    return value;
  }

  /** Every error this exception reports, the first being {@link #field()}'s; never empty. */
  public List<Error> errors() {
    return errors;
  }
}
