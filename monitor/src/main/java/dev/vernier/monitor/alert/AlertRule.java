package dev.vernier.monitor.alert;

import dev.vernier.monitor.spec.MonitorSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When a violation becomes an alert. A kind of violation is an <em>incident</em> in a window when
 * it is present in at least {@code k} of the last {@code n} closed windows (that window included).
 * An alert is raised when an incident starts: it holds in the window being closed and did not hold
 * in the previous one. One persisting incident therefore raises one alert, however long it lasts;
 * once it has ended, a new one raises a new alert.
 */
public final class AlertRule {
  private final MonitorSpec.AlertPolicy policy;

  public AlertRule(MonitorSpec.AlertPolicy policy) {
    this.policy = policy;
  }

  /**
   * The decision for one window: the kinds in an incident (a kind absent from this window is one
   * while it is in k of the last n) and, among the window's own violations, those whose incident
   * starts here.
   */
  public record Decision(List<ViolationKind> incidents, List<ViolationKind> alerts) {
    public Decision {
      incidents = List.copyOf(incidents);
      alerts = List.copyOf(alerts);
    }
  }

  /**
   * @param current the violation kinds of the window being closed
   * @param previous the kinds of the previous closed windows, newest first (at least the last n - 1
   *     when that many exist)
   */
  public Decision decide(Set<ViolationKind> current, List<WindowKinds> previous) {
    List<WindowKinds> recent = previous.subList(0, Math.min(previous.size(), policy.n() - 1));
    // a kind absent from this window may still be in k of the last n: its incident goes on
    Set<ViolationKind> kinds = new LinkedHashSet<>(current);
    for (WindowKinds r : recent) {
      kinds.addAll(r.violations());
    }
    List<ViolationKind> incidents = new ArrayList<>();
    List<ViolationKind> alerts = new ArrayList<>();
    for (ViolationKind kind : kinds) {
      int present = current.contains(kind) ? 1 : 0;
      for (WindowKinds r : recent) {
        present += r.violations().contains(kind) ? 1 : 0;
      }
      if (present >= policy.k()) {
        incidents.add(kind);
        if (current.contains(kind)
            && (previous.isEmpty() || !previous.get(0).incidents().contains(kind))) {
          alerts.add(kind);
        }
      }
    }
    return new Decision(incidents, alerts);
  }
}
