package dev.vernier.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gathers the independent errors of one request so that all of them are reported at once: a parser
 * runs each check through {@link #check}, goes on with what it could read, and calls {@link
 * #throwIfAny} before using the result.
 *
 * <p>Not thread-safe: one instance belongs to one parse.
 */
public final class InputErrors {
  private final List<InvalidInputException> found = new ArrayList<>();

  /** Records {@code e} (each of its errors, when it carries several). */
  public void add(InvalidInputException e) {
    found.add(e);
  }

  /** Records an error. */
  public void add(String field, String rule, Object value) {
    add(new InvalidInputException(field, rule, value));
  }

  /** The value {@code read} returns, or null after recording the error it threw. */
  public <T> T check(Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidInputException e) {
      add(e);
      return null;
    }
  }

  /** Runs {@code check}, recording the error it throws; true when it threw none. */
  public boolean check(Runnable check) {
    try {
      check.run();
      return true;
    } catch (InvalidInputException e) {
      add(e);
      return false;
    }
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  /**
   * Throws what was found: the exception itself when there is one (its type kept, e.g. an
   * already-exists), otherwise one exception listing every error in the order found.
   */
  public void throwIfAny() {
    if (found.size() == 1) {
      throw found.get(0);
    }
    if (!found.isEmpty()) {
      List<InvalidInputException.Error> all = new ArrayList<>();
      found.forEach(e -> all.addAll(e.errors()));
      throw new InvalidInputException(all);
    }
  }
}
