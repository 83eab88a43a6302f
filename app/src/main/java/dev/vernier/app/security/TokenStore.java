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

  /** Creates a token for {@code role}; the returned string is the only copy of it. */
  String create(Role role, String description, long now);

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
