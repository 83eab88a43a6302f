package dev.vernier.app.server;

import dev.vernier.app.security.AccessRules;
import dev.vernier.app.security.TokenStore;
import dev.vernier.platform.http.Caller;
import dev.vernier.platform.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.util.PathMatcher;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.resource.StaticResourceConfiguration;
import io.micronaut.web.router.resource.StaticResourceResolver;
import java.util.List;
import java.util.Optional;

/**
 * Authorises every request on the route the router matched for it, never on its raw path: the
 * matched route's method and URI template (or, for a static file, its mapping) look up the rule in
 * {@link AccessRules}. An open rule lets the request through without a token; otherwise {@code
 * Authorization: Bearer <token>} is required (401 without a valid one) and the token's role must be
 * one the rule allows (403, naming the rule's reason); the scheme's name is case-insensitive
 * ({@code bearer} is {@code Bearer}, RFC 7235). A matched route without a rule is refused for every
 * role (403). A request that matches nothing gets 401 without a valid token, so that
 * unauthenticated callers cannot tell which routes exist, and the usual 404 or 405 with one. Every
 * refusal is a problem document.
 *
 * <p>For requests let through with a token it sets the attributes {@link #PRINCIPAL} (the token's
 * info) and {@link Caller#ATTRIBUTE}. Micronaut 4 matches the route before filters that are not
 * {@code @PreMatching} run; the match-all pattern runs this filter on every request, whatever its
 * path looks like.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuthFilter implements Ordered {
  /** The request attribute holding the authenticated token's info. */
  public static final String PRINCIPAL = "vernier.token";

  private final TokenStore tokens;
  private final StaticResourceResolver files;
  private final List<StaticResourceConfiguration> mappings;

  public AuthFilter(
      TokenStore tokens, StaticResourceResolver files, List<StaticResourceConfiguration> mappings) {
    this.tokens = tokens;
    this.files = files;
    this.mappings = mappings;
  }

  /** The authentication scheme and the space after it, matched ignoring case. */
  private static final String BEARER = "Bearer ";

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
    String template = matchedTemplate(request);
    if (template != null
        && AccessRules.rule(request.getMethodName(), template)
            .map(AccessRules.Rule::open)
            .orElse(false)) {
      return null;
    }
    String header = request.getHeaders().getAuthorization().orElse("");
    // the scheme is case-insensitive (RFC 7235, section 2.1): bearer and BEARER are Bearer
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Problem.of(
              HttpStatus.UNAUTHORIZED,
              "unauthenticated",
              "Unauthenticated",
              "send Authorization: Bearer <token> (create tokens with `vernier token create`)",
              "Authorization")
          .header("WWW-Authenticate", "Bearer");
    }
    Optional<TokenStore.TokenInfo> info =
        tokens.authenticate(header.substring(BEARER.length()).trim());
    if (info.isEmpty()) {
      return Problem.of(
              HttpStatus.UNAUTHORIZED,
              "unauthenticated",
              "Unauthenticated",
              "the token is unknown or revoked",
              "Authorization")
          .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    if (template != null) {
      AccessRules.Decision d =
          AccessRules.decide(request.getMethodName(), template, info.get().role());
      if (d.verdict() == AccessRules.Decision.Verdict.DENY) {
        return Problem.of(
            HttpStatus.FORBIDDEN, "forbidden", "Forbidden", d.reason(), "Authorization");
      }
    }
    // a request that matched nothing goes on to the router's 404 or 405, for a valid token only
    request.setAttribute(PRINCIPAL, info.get());
    request.setAttribute(Caller.ATTRIBUTE, new Caller(info.get().id(), info.get().role().label()));
    return null;
  }

  /**
   * The matched route's URI template without its query part, the mapping of the static file the
   * request names, or null when it matches neither.
   */
  @Nullable
  private String matchedTemplate(HttpRequest<?> request) {
    String route = MatchedRoute.template(request);
    if (route != null) {
      return route;
    }
    // the server serves a static file for the path it finds one at (any method), after filters
    String path = request.getUri().getPath();
    if (files.resolve(path).isEmpty()) {
      return null;
    }
    for (StaticResourceConfiguration c : mappings) {
      if (c.isEnabled() && PathMatcher.ANT.matches(c.getMapping(), path)) {
        return c.getMapping();
      }
    }
    return null;
  }
}
