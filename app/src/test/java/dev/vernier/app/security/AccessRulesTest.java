package dev.vernier.app.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.app.security.AccessRules.Decision.Verdict;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rule table's own contract; {@code AccessMatrixTest} checks it against a running server's
 * routes and an independently written matrix.
 */
class AccessRulesTest {
  @Test
  void anOperationWithoutARuleIsDeniedForEveryRoleTheAdministratorIncluded() {
    for (Role role : Role.values()) {
      AccessRules.Decision d = AccessRules.decide("POST", "/api/v1/not-ruled/{id}", role);
      assertEquals(Verdict.DENY, d.verdict(), role.label());
      assertTrue(
          d.reason().contains("no access rule exists for POST /api/v1/not-ruled/{id}"), d.reason());
    }
    // a known template with another method has no rule either
    assertEquals(
        Verdict.DENY, AccessRules.decide("DELETE", "/api/v1/tuning-jobs", Role.ADMIN).verdict());
  }

  @Test
  void headFollowsGetAndMethodsAreMatchedWhateverTheirCase() {
    for (AccessRules.Rule r : AccessRules.RULES) {
      if (r.method().equals("GET")) {
        assertEquals(r, AccessRules.rule("HEAD", r.template()).orElseThrow());
        assertEquals(r, AccessRules.rule("get", r.template()).orElseThrow());
      }
    }
    assertTrue(AccessRules.rule("HEAD", "/api/v1/webhooks").isPresent());
    assertTrue(AccessRules.rule("HEAD", "/api/v1/fleet/workers").isEmpty(), "no GET, no HEAD");
  }

  @Test
  void theAdministratorMayCallEveryProtectedOperationAndEachRuleSaysWhy() {
    Set<String> seen = new HashSet<>();
    for (AccessRules.Rule r : AccessRules.RULES) {
      assertTrue(seen.add(r.method() + " " + r.template()), "one rule per operation: " + r);
      assertFalse(r.reason().isBlank(), r.toString());
      if (r.open()) {
        assertTrue(r.roles().isEmpty(), r.toString());
      } else {
        assertTrue(r.roles().contains(Role.ADMIN), r.toString());
        assertEquals(
            Verdict.ALLOW, AccessRules.decide(r.method(), r.template(), Role.ADMIN).verdict());
      }
    }
  }

  @Test
  void aRefusalNamesTheRoleTheOperationTheReasonAndWhoMay() {
    AccessRules.Decision d =
        AccessRules.decide("POST", "/api/v1/tuning-jobs/{id}/stop", Role.READER);
    assertEquals(Verdict.DENY, d.verdict());
    assertEquals(
        "role reader may not POST /api/v1/tuning-jobs/{id}/stop (stopping is a submitter's"
            + " decision); allowed: [admin, submitter]",
        d.reason());
  }
}
