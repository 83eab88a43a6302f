package dev.vernier.platform.http;

import io.micronaut.http.HttpRequest;
import java.util.Optional;

/**
 * Who sent a request: the authenticated token's id and its role ({@code admin}, {@code submitter},
 * {@code worker}, {@code reader}). The application's authentication filter sets it as the request
 * attribute {@link #ATTRIBUTE} before any controller runs; controllers that act differently by
 * caller (a worker's own leases, what readers may see) read it with {@link #of}.
 */
public record Caller(String tokenId, String role) {
  /** The request attribute holding the {@link Caller}. */
  public static final String ATTRIBUTE = "vernier.caller";

  /** The request's caller; empty only for routes open without a token. */
  public static Optional<Caller> of(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, Caller.class);
  }

  public boolean isAdmin() {
    return "admin".equals(role);
  }
}
