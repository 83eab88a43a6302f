package dev.vernier.monitor.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.monitor.spec.MonitorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * When a violation becomes an alert: when its kind is present in at least {@code k} of the last
 * {@code n} closed windows (this one included), and no alert of that kind was raised in the
 * previous {@code n - 1} windows, so one persisting incident raises one alert, not one per window.
 */
public final class AlertRule {
  private final MonitorSpec.AlertPolicy policy;

  public AlertRule(MonitorSpec.AlertPolicy policy) {
    this.policy = policy;
  }

  /**
   * @param current the violation kinds of the window being closed
   * @param previous the result documents of the previous closed windows, newest first (at least the
   *     last n - 1 when that many exist)
   * @return the kinds to alert on, in the order of {@code current}
   */
  public List<String> alerts(Set<String> current, List<JsonNode> previous) {
    List<JsonNode> recent = previous.subList(0, Math.min(previous.size(), policy.n() - 1));
    List<String> out = new ArrayList<>();
    for (String kind : current) {
      int present = 1;
      boolean alerted = false;
      for (JsonNode r : recent) {
        present += contains(r.get("violations"), kind) ? 1 : 0;
        alerted |= contains(r.get("alerts"), kind);
      }
      if (present >= policy.k() && !alerted) {
        out.add(kind);
      }
    }
    return out;
  }

  private static boolean contains(JsonNode array, String kind) {
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
