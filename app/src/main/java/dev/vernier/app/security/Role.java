package dev.vernier.app.security;

import dev.vernier.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Who may do what. {@code admin} may do everything; {@code submitter} submits, stops and reads
 * jobs; {@code worker} speaks the fleet protocol and nothing else; {@code reader} only reads.
 */
public enum Role {
  ADMIN,
  SUBMITTER,
  WORKER,
  READER;

  public static Role parse(String field, String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          field, "must be one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT), text);
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
