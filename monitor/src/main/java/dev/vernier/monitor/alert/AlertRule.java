package dev.vernier.monitor.alert;

import com.fasterxml.jackson.databind.JsonNode;
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
  public record Decision(List<String> incidents, List<String> alerts) {}

  /**
   * @param current the violation kinds of the window being closed
   * @param previous the result documents of the previous closed windows, newest first (at least the
   *     last n - 1 when that many exist); each lists its {@code violations} and {@code incidents}
   */
  public Decision decide(Set<String> current, List<JsonNode> previous) {
    List<JsonNode> recent = previous.subList(0, Math.min(previous.size(), policy.n() - 1));
    // a kind absent from this window may still be in k of the last n: its incident goes on
    Set<String> kinds = new LinkedHashSet<>(current);
    for (JsonNode r : recent) {
      JsonNode v = r.get("violations");
      if (v != null && v.isArray()) {
        v.forEach(e -> kinds.add(e.asText()));
      }
    }
    List<String> incidents = new ArrayList<>();
    List<String> alerts = new ArrayList<>();
    for (String kind : kinds) {
      int present = current.contains(kind) ? 1 : 0;
      for (JsonNode r : recent) {
        present += contains(r.get("violations"), kind) ? 1 : 0;
      }
      if (present >= policy.k()) {
        incidents.add(kind);
        if (current.contains(kind)
            && (previous.isEmpty() || !contains(previous.get(0).get("incidents"), kind))) {
          alerts.add(kind);
        }
      }
    }
    return new Decision(incidents, alerts);
  }

  /** Whether a result's array of kinds ({@code violations}, {@code incidents}) holds kind. */
  public static boolean contains(JsonNode array, String kind) {
    if (array == null || !array.isArray()) {
      return false;
    }
    for (JsonNode e : array) {
      if (kind.equals(e.asText())) {
        return true;
      }
    }
    return false;
  }
}
