package dev.vernier.app.security;

import dev.vernier.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Who may do what; {@link AccessRules} holds the rule of each operation.
 *
 * <ul>
 *   <li>{@code admin}: everything, and alone tokens (through {@code vernier token}) and webhooks.
 *   <li>{@code submitter}: submits, stops and reads jobs; creates, deletes and reads monitors and
 *       posts their events and labels; reads {@code /metrics}.
 *   <li>{@code worker}: the fleet protocol ({@code /api/v1/fleet/**}) and nothing else, not even
 *       reading jobs.
 *   <li>{@code reader}: only reads jobs (models included), monitors and {@code /metrics}.
 * </ul>
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
