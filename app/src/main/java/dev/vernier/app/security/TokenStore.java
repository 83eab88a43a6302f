package dev.vernier.app.security;

import java.util.List;
import java.util.Optional;

/**
 * API tokens. Only a token's SHA-256 hash is stored; the token itself is shown once, when it is
 * created. Thread-safe.
 */
public interface TokenStore {
  /** A token's stored facts (never the token). */
  record TokenInfo(String id, Role role, String description, long createdAt, Long revokedAt) {}

  /** The longest description a token may have. */
  int MAX_DESCRIPTION = 200;

  /**
   * Creates a token for {@code role}; the returned string is the only copy of it.
   *
   * @throws dev.vernier.core.InvalidInputException a description {@link #checkDescription} refuses
   */
  String create(Role role, String description, long now);

  /**
   * Refuses a description longer than {@link #MAX_DESCRIPTION} characters or holding a control or
   * bidirectional-formatting character: it is printed in listings, where a newline or an escape
   * sequence would forge rows or repaint the terminal.
   */
  static void checkDescription(String description) {
    if (description.length() > MAX_DESCRIPTION) {
      throw new dev.vernier.core.InvalidInputException(
          "--description",
          "must be at most " + MAX_DESCRIPTION + " characters",
          description.length() + " characters");
    }
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        throw new dev.vernier.core.InvalidInputException(
            "--description",
            "must be printable text, without control or formatting characters; found U+"
                + String.format("%04X", (int) c)
                + " at character "
                + (i + 1),
            null);
      }
    }
  }

  /**
   * {@code text} with control and formatting characters shown as a backslash, u and four hex
   * digits, for listings.
   */
  static String printable(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * The token's info if it exists and is not revoked. An implementation may cache answers for a
   * bounded time, but a token revoked through the same store is refused once {@link #revoke}
   * returns.
   */
  Optional<TokenInfo> authenticate(String token);

  List<TokenInfo> list();

  /** True when no token exists yet (first start). */
  boolean isEmpty();

  boolean revoke(String id, long now);
}
