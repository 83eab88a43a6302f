package dev.vernier.app.server;

import dev.vernier.app.security.AccessRules;
import dev.vernier.app.security.Role;
import dev.vernier.app.security.TokenStore;
import dev.vernier.tuner.api.Caller;
import dev.vernier.tuner.api.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Optional;
import java.util.Set;

/**
 * Every request but {@code /health} and the API's documents ({@link AccessRules#isPublic}) carries
 * {@code Authorization: Bearer <token>}; the token's role must be one the route allows ({@link
 * AccessRules}). Answers 401 without a valid token and 403 for a role that may not do this, both as
 * problem documents.
 */
@ServerFilter("/**")
public class AuthFilter implements Ordered {
  /** The request attribute holding the authenticated token's info. */
  public static final String PRINCIPAL = "vernier.token";

  private final TokenStore tokens;

  public AuthFilter(TokenStore tokens) {
    this.tokens = tokens;
  }

  /** The order authentication runs in: before every filter that looks at what was sent. */
  public static final int ORDER = 0;

  @Override
  public int getOrder() {
    return ORDER;
  }

  // no executor hop: a token is checked against an in-memory cache, and a miss is one indexed
  // lookup in a small table
  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    String path = request.getPath();
    if (AccessRules.isPublic(path)) {
      return null;
    }
    String header = request.getHeaders().getAuthorization().orElse("");
    if (!header.startsWith("Bearer ")) {
      return Problem.of(
              HttpStatus.UNAUTHORIZED,
              "unauthenticated",
              "Unauthenticated",
              "send Authorization: Bearer <token> (create tokens with `vernier token create`)",
              "Authorization")
          .header("WWW-Authenticate", "Bearer");
    }
    Optional<TokenStore.TokenInfo> info =
        tokens.authenticate(header.substring("Bearer ".length()).trim());
    if (info.isEmpty()) {
      return Problem.of(
              HttpStatus.UNAUTHORIZED,
              "unauthenticated",
              "Unauthenticated",
              "the token is unknown or revoked",
              "Authorization")
          .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    Set<Role> allowed = AccessRules.allowed(request.getMethodName(), path);
    if (!allowed.contains(info.get().role())) {
      return Problem.of(
          HttpStatus.FORBIDDEN,
          "forbidden",
          "Forbidden",
          "role "
              + info.get().role().label()
              + " may not "
              + request.getMethodName()
              + " "
              + path
              + "; allowed: "
              + allowed,
          "Authorization");
    }
    request.setAttribute(PRINCIPAL, info.get());
    request.setAttribute(Caller.ATTRIBUTE, new Caller(info.get().id(), info.get().role().label()));
    return null;
  }
}
