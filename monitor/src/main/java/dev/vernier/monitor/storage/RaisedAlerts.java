package dev.vernier.monitor.storage;

import java.util.List;

/**
 * The alerts a window's evaluation raised, stored with its result in one transaction ({@link
 * WindowRepository#closeWindow}, {@link LabelRepository#reevaluate}).
 *
 * @param alerts what was raised, possibly nothing
 * @param now when, milliseconds since the epoch
 * @param cooldownMillis an alert wanting retraining claims it only when the monitor's last
 *     retraining is at least this old (PENDING), otherwise COOLDOWN
 * @param deliveryTargets where each alert is delivered: a PENDING delivery per target
 */
public record RaisedAlerts(
    List<NewAlert> alerts, long now, long cooldownMillis, List<String> deliveryTargets) {
  public RaisedAlerts {
    alerts = List.copyOf(alerts);
    deliveryTargets = List.copyOf(deliveryTargets);
  }
}
