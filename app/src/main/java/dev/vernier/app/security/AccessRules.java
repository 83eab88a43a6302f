package dev.vernier.app.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * The roles each request needs, decided from its method and path. Everything under {@code /api} and
 * {@code /metrics} needs a token; only {@code /health} and the API's documents are open. Tokens and
 * webhooks are the administrator's; posting events and labels to a monitor is a submitter's.
 */
public final class AccessRules {
  private AccessRules() {}

  /**
   * Whether a path is open to requests without a token: {@code /health}, the OpenAPI document
   * ({@code /openapi/}), the API reference page ({@code /api-docs} and its assets) and the
   * dashboard ({@code /} and {@code /ui/}: its pages hold no data, they ask for a token and call
   * the API with it).
   */
  public static boolean isPublic(String path) {
    return path.equals("/health")
        || path.equals("/")
        || path.startsWith("/ui/")
        || path.startsWith("/health/")
        || path.startsWith("/openapi/")
        || path.equals("/api-docs")
        || path.startsWith("/api-docs/");
  }

  /** The roles allowed for the request; empty means nobody (an unknown area). */
  public static Set<Role> allowed(String method, String path) {
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (path.equals("/api/v1/whoami")) {
      return read ? EnumSet.allOf(Role.class) : EnumSet.noneOf(Role.class);
    }
    if (path.startsWith("/api/v1/fleet/")) {
      return EnumSet.of(Role.ADMIN, Role.WORKER);
    }
    if (path.startsWith("/api/v1/tokens") || path.startsWith("/api/v1/webhooks")) {
      return EnumSet.of(Role.ADMIN);
    }
    if (path.startsWith("/api/") || path.startsWith("/metrics")) {
      return read
          ? EnumSet.of(Role.ADMIN, Role.SUBMITTER, Role.READER)
          : EnumSet.of(Role.ADMIN, Role.SUBMITTER);
    }
    return read ? EnumSet.allOf(Role.class) : EnumSet.of(Role.ADMIN);
  }
}
