package dev.vernier.monitor.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.storage.RetrainState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetrainGateTest {
  final Clock start = Clock.fixed(Instant.parse("2026-12-06T08:00:00Z"), ZoneOffset.UTC);
  final RetrainGate hour = new RetrainGate(Duration.ofHours(1));

  Clock after(Duration d) {
    return Clock.offset(start, d);
  }

  @Test
  void dataQualityAlertsAndDisabledPoliciesAskForNoRetraining() {
    assertTrue(RetrainGate.wants(ViolationKind.DRIFT, true));
    assertTrue(RetrainGate.wants(ViolationKind.MODEL_QUALITY, true));
    assertTrue(RetrainGate.wants(ViolationKind.PREDICTION_DRIFT, true));
    assertFalse(RetrainGate.wants(ViolationKind.DATA_QUALITY, true));
    assertFalse(RetrainGate.wants(ViolationKind.DRIFT, false));
    assertEquals(RetrainState.NONE, RetrainGate.NONE.state());
  }

  @Test
  void aMonitorThatNeverRetrainedLetsTheFirstAlertClaim() {
    assertTrue(hour.mayClaim(null, start.millis()));
    RetrainGate.Claim c = hour.claimed();
    assertEquals(RetrainState.PENDING, c.state());
    assertNull(c.cooldownUntil());
  }

  @Test
  void theCooldownHoldsUntilItsEndInclusive() {
    long last = start.millis();
    assertFalse(hour.mayClaim(last, after(Duration.ofMinutes(59)).millis()));
    assertTrue(
        hour.mayClaim(last, after(Duration.ofHours(1)).millis()), "exactly one hour: claims");
    assertTrue(hour.mayClaim(last, after(Duration.ofHours(5)).millis()));
    assertEquals(start.millis(), hour.claimableUpTo(after(Duration.ofHours(1)).millis()));
  }

  @Test
  void aSkippedAlertSaysWhenTheCooldownEndsAndWhoHoldsIt() {
    RetrainGate.Claim c = hour.skipped(start.millis(), 42L);
    assertEquals(RetrainState.COOLDOWN, c.state());
    assertEquals(after(Duration.ofHours(1)).millis(), c.cooldownUntil());
    assertEquals(42L, c.cooldownAlertId());
    RetrainGate.Claim unknown = hour.skipped(null, 42L);
    assertEquals(RetrainState.COOLDOWN, unknown.state());
    assertNull(unknown.cooldownUntil());
    assertNull(unknown.cooldownAlertId());
  }

  @Test
  void noCooldownLetsEveryAlertClaim() {
    RetrainGate none = new RetrainGate(Duration.ZERO);
    assertTrue(none.mayClaim(start.millis(), start.millis()));
  }

  @Test
  void aNegativeCooldownOrAStateARaisedAlertCannotHaveIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RetrainGate(Duration.ofMillis(-1)));
    assertTrue(e.getMessage().contains("PT-0.001S"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new RetrainGate.Claim(RetrainState.SUBMITTED, null, null));
  }
}
