package dev.vernier.app.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who may call each operation of the service: one rule per route, keyed by its method and the
 * route's URI template as the router matched it ({@code POST /api/v1/tuning-jobs/{id}/stop}), never
 * by the raw request path, so a path spelled another way ({@code //api/...}, {@code %2F}, {@code
 * ..}) reaches exactly the rule of the route it runs.
 *
 * <p><b>Deny by default.</b> A route without a rule is refused for every role; a test checks that
 * every route of the server has one, so a new controller without a rule fails the build. {@code
 * HEAD} follows {@code GET}. The administrator may call every protected operation; each rule names
 * the other roles it lets in and why (see {@link Role} for what each role is for).
 *
 * <p>Static resources have no route; they are ruled by their mapping ({@code /api-docs/assets/**}),
 * which the server passes as the template.
 */
public final class AccessRules {
  private AccessRules() {}

  /**
   * Who may call one operation.
   *
   * @param open callable without a token (then {@code roles} is empty)
   * @param roles the roles a token needs, the administrator always among them
   * @param reason why the rule is what it is, shown when a role is refused
   */
  public record Rule(String method, String template, boolean open, Set<Role> roles, String reason) {
    /** Whether a token of this role may call the operation. */
    public boolean allows(Role role) {
      return open || roles.contains(role);
    }
  }

  private static final String JOBS = "/api/v1/tuning-jobs";
  private static final String JOB = JOBS + "/{id}";
  private static final String FLEET = "/api/v1/fleet";
  private static final String MONITORS = "/api/v1/monitors";
  private static final String MONITOR = MONITORS + "/{id}";
  private static final String WEBHOOKS = "/api/v1/webhooks";

  /** Who besides the administrator: nobody else, readers of jobs and monitors, and so on. */
  private static final Role[] ADMIN_ONLY = {};

  private static final Role[] READERS = {Role.SUBMITTER, Role.READER};
  private static final Role[] SUBMITTERS = {Role.SUBMITTER};
  private static final Role[] WORKERS = {Role.WORKER};
  private static final Role[] EVERYONE = {Role.SUBMITTER, Role.READER, Role.WORKER};

  /** The rules, one per route. */
  public static final List<Rule> RULES =
      List.of(
          open("GET", "/health", "liveness for load balancers and orchestrators"),
          open("GET", "/health/{selector}", "liveness and readiness probes"),
          open("GET", "/openapi/vernier.yml", "the API's description"),
          open("GET", "/openapi/vernier.json", "the API's description"),
          open("GET", "/api-docs", "the API reference page"),
          open("GET", "/api-docs/init.js", "the API reference page's script"),
          open("GET", "/api-docs/assets/**", "the reference page's assets (a static mapping)"),
          open("GET", "/", "the dashboard's page: no data, it calls the API with the user's token"),
          open("GET", "/ui/{+name}", "the dashboard's scripts, styles and libraries: no data"),
          allow("GET", "/api/v1/whoami", EVERYONE, "a token may learn its own role"),
          allow("GET", "/metrics", READERS, "counts, no job or monitor content"),
          allow("GET", "/api/v1/job-summaries", READERS, "reading jobs"),
          allow("GET", JOB + "/curves", READERS, "reading jobs"),
          allow("GET", JOB + "/importance", READERS, "reading jobs"),
          allow("GET", JOB + "/trials/{number}/provenance", READERS, "reading jobs"),
          allow("GET", "/api/v1/workers", READERS, "the fleet's state: names, slots, leases"),
          allow("GET", "/api/v1/alerts", READERS, "reading monitors"),
          allow("POST", JOBS, SUBMITTERS, "submitting runs work on the service"),
          allow("GET", JOBS, READERS, "reading jobs"),
          allow("GET", JOB, READERS, "reading jobs"),
          allow("POST", JOB + "/stop", SUBMITTERS, "stopping is a submitter's decision"),
          allow("GET", JOB + "/trials", READERS, "reading jobs"),
          allow("GET", JOB + "/trials/{number}", READERS, "reading jobs"),
          allow("GET", JOB + "/trials/{number}/model", READERS, "reading a job's models"),
          allow("GET", JOB + "/best", READERS, "reading jobs"),
          allow("GET", JOB + "/best/model", READERS, "reading a job's models"),
          allow("POST", FLEET + "/workers", WORKERS, "the worker protocol"),
          allow("POST", FLEET + "/workers/{workerId}/lease", WORKERS, "the worker protocol"),
          allow("POST", FLEET + "/leases/{leaseId}/heartbeat", WORKERS, "the worker protocol"),
          allow("PUT", FLEET + "/leases/{leaseId}/artifact", WORKERS, "the worker protocol"),
          allow("POST", FLEET + "/leases/{leaseId}/report", WORKERS, "the worker protocol"),
          allow("POST", MONITORS, SUBMITTERS, "a monitor reads data and may start jobs"),
          allow("GET", MONITORS, READERS, "reading monitors"),
          allow("GET", MONITOR, READERS, "reading monitors"),
          allow("DELETE", MONITOR, SUBMITTERS, "monitors are a submitter's"),
          allow("GET", MONITOR + "/baseline", READERS, "reading monitors"),
          allow("GET", MONITOR + "/windows", READERS, "reading monitors"),
          allow("GET", MONITOR + "/features/{feature}/histograms", READERS, "reading monitors"),
          allow("GET", MONITOR + "/alerts", READERS, "reading monitors"),
          allow("POST", MONITOR + "/events", SUBMITTERS, "ingestion feeds a monitor"),
          allow("POST", MONITOR + "/labels", SUBMITTERS, "ingestion feeds a monitor"),
          allow("GET", WEBHOOKS, ADMIN_ONLY, "where alerts are posted: the administrator's"),
          allow("POST", WEBHOOKS, ADMIN_ONLY, "where alerts are posted: the administrator's"),
          allow("DELETE", WEBHOOKS, ADMIN_ONLY, "where alerts are posted: the administrator's"));

  private static final Map<String, Rule> BY_OPERATION =
      RULES.stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  r -> key(r.method(), r.template()), Function.identity()));

  /**
   * The rule of an operation, or empty when there is none (then nobody may call it).
   *
   * @param method the request's method; {@code HEAD} is ruled as {@code GET}
   * @param template the matched route's URI template without its query part, or a static mapping
   */
  public static Optional<Rule> rule(String method, String template) {
    String m = method.toUpperCase(Locale.ROOT);
    return Optional.ofNullable(BY_OPERATION.get(key(m.equals("HEAD") ? "GET" : m, template)));
  }

  /** What the rules say about one call: {@code ALLOW} or {@code DENY}, and why. */
  public record Decision(Verdict verdict, String reason) {
    public enum Verdict {
      ALLOW,
      DENY
    }
  }

  /**
   * Whether a token of {@code role} may call the operation: denied when no rule exists for it, or
   * when its rule does not name the role; the reason says which, for the 403 answer.
   */
  public static Decision decide(String method, String template, Role role) {
    String operation = method + " " + template;
    Optional<Rule> rule = rule(method, template);
    if (rule.isEmpty()) {
      return new Decision(
          Decision.Verdict.DENY,
          "no access rule exists for "
              + operation
              + ", so every role is refused (deny by default)");
    }
    if (!rule.get().allows(role)) {
      return new Decision(
          Decision.Verdict.DENY,
          "role "
              + role.label()
              + " may not "
              + operation
              + " ("
              + rule.get().reason()
              + "); allowed: "
              + rule.get().roles().stream().map(Role::label).toList());
    }
    return new Decision(Decision.Verdict.ALLOW, rule.get().reason());
  }

  private static String key(String method, String template) {
    return method + " " + template;
  }

  private static Rule open(String method, String template, String reason) {
    return new Rule(method, template, true, Set.of(), reason);
  }

  private static Rule allow(String method, String template, Role[] others, String reason) {
    return new Rule(
        method,
        template,
        false,
        Collections.unmodifiableSet(EnumSet.of(Role.ADMIN, others)),
        reason);
  }
}
