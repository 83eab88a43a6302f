package dev.vernier.monitor.alert;

import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.RetrainState;
import java.time.Duration;

/**
 * What an alert's retraining state becomes when it is raised: the monitor's retraining cool-down,
 * as plain Java.
 *
 * <ul>
 *   <li>An alert asks for retraining when the monitor's retraining policy is enabled and the alert
 *       is not about data quality (retraining on broken inputs would learn the breakage): {@link
 *       #wants}. Otherwise its state is NONE.
 *   <li>An alert asking for retraining claims the monitor's cool-down when the monitor has never
 *       retrained, or its last retraining started at least {@code cooldown} ago ({@link
 *       #mayClaim}): it becomes PENDING and the monitor's last retraining is now.
 *   <li>Otherwise it becomes COOLDOWN, with when the cool-down ends (the holder's start plus the
 *       cool-down) and the alert holding it ({@link #skipped}).
 * </ul>
 *
 * <p>The claim itself must be atomic across closing threads and processes: the store performs it as
 * one conditional update whose condition is {@link #claimableUpTo} (see {@code AlertTables}), and
 * reports whether it won; this class decides what that outcome means.
 */
public final class RetrainGate {
  private final long cooldownMillis;

  public RetrainGate(Duration cooldown) {
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException(
          "a retraining cool-down must not be negative, got " + cooldown);
    }
    this.cooldownMillis = MonitorSpecParser.boundedMillis(cooldown);
  }

  /** A gate from a cool-down in milliseconds (as carried by {@code RaisedAlerts}). */
  public static RetrainGate ofMillis(long cooldownMillis) {
    return new RetrainGate(Duration.ofMillis(cooldownMillis));
  }

  /**
   * Whether an alert of {@code kind} asks for retraining under a policy that is {@code enabled}.
   */
  public static boolean wants(ViolationKind kind, boolean enabled) {
    return enabled && kind != ViolationKind.DATA_QUALITY;
  }

  /** The newest last-retraining time that still lets an alert raised at {@code now} claim. */
  public long claimableUpTo(long now) {
    return now - cooldownMillis;
  }

  /**
   * Whether an alert raised at {@code now} claims, given the monitor's last retraining (or null).
   */
  public boolean mayClaim(Long lastRetrainAt, long now) {
    return lastRetrainAt == null || lastRetrainAt <= claimableUpTo(now);
  }

  /** The retraining of an alert that claimed the cool-down. */
  public Claim claimed() {
    return new Claim(RetrainState.PENDING, null, null);
  }

  /**
   * The retraining of an alert that found the cool-down held by {@code holderAlertId}, whose
   * retraining started at {@code holderStartedAt} (either may be null when unknown).
   */
  public Claim skipped(Long holderStartedAt, Long holderAlertId) {
    return new Claim(
        RetrainState.COOLDOWN,
        holderStartedAt == null ? null : holderStartedAt + cooldownMillis,
        holderStartedAt == null ? null : holderAlertId);
  }

  /** The state of an alert that does not ask for retraining. */
  public static final Claim NONE = new Claim(RetrainState.NONE, null, null);

  /**
   * An alert's retraining state when raised: NONE, PENDING, or COOLDOWN with when the cool-down
   * ends and the alert holding it.
   */
  public record Claim(RetrainState state, Long cooldownUntil, Long cooldownAlertId) {
    public Claim {
      if (state != RetrainState.NONE
          && state != RetrainState.PENDING
          && state != RetrainState.COOLDOWN) {
        throw new IllegalArgumentException(
            "a raised alert's retraining is NONE, PENDING or COOLDOWN, got " + state);
      }
    }
  }
}
