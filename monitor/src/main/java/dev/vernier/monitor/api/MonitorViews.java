package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.ingest.KafkaIngestor;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRetraining;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.monitor.storage.WindowRecord;
import java.util.List;
import java.util.Map;

/** JSON views of the monitor's records, shared by the REST API and the CLI. */
public final class MonitorViews {
  private MonitorViews() {}

  public static ObjectNode monitor(MonitorRecord m, Map<String, Long> counters) {
    return monitor(m, counters, null);
  }

  /**
   * @param notConsuming why the monitor's Kafka topics are not being consumed in this process
   *     (state {@code NOT_CONSUMING}), or null
   */
  public static ObjectNode monitor(
      MonitorRecord m, Map<String, Long> counters, String notConsuming) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", m.id())
        .put("name", m.name())
        .put("state", notConsuming != null ? "NOT_CONSUMING" : m.state().name())
        .put("createdAt", m.createdAt());
    if (notConsuming != null) {
      o.put("stateReason", notConsuming);
    } else if (m.stateReason() != null) {
      o.put("stateReason", m.stateReason());
      o.put("stateSince", m.stateSince());
    }
    if (m.lastRetrainAt() != null) {
      o.put("lastRetrainAt", m.lastRetrainAt());
    }
    JsonNode spec = parse(m.specJson());
    if (spec.path("kafka").isObject()) {
      // chosen by the service; a group named by a spec stored before that is no longer used
      ((ObjectNode) spec.get("kafka")).remove("groupId");
      o.put("consumerGroup", KafkaIngestor.groupId(m.id()));
    }
    o.set("spec", spec);
    ObjectNode c = o.putObject("counters");
    counters.forEach(c::put);
    return o;
  }

  /**
   * Hides a monitor view's webhook URLs (which often carry secrets in their path or query) from
   * callers who are not administrators: each becomes {@code {"id": ..., "host": ...}}, the id under
   * which an administrator registered it (null when it is no longer registered) and the host alerts
   * go to. The id and host say where alerts go without the path and query, where services such as
   * Slack put the credential.
   *
   * @param view a view made by {@link #monitor}, changed in place
   */
  public static ObjectNode withoutWebhookUrls(ObjectNode view, List<Webhook> registered) {
    JsonNode hooks = view.path("spec").path("webhooks");
    if (!hooks.isArray()) {
      return view;
    }
    ArrayNode shown = Json.MAPPER.createArrayNode();
    for (JsonNode h : hooks) {
      String url = h.asText();
      ObjectNode e = shown.addObject();
      e.put(
          "id",
          registered.stream()
              .filter(w -> w.url().equals(url))
              .map(Webhook::id)
              .findFirst()
              .orElse(null));
      String host;
      try {
        host = java.net.URI.create(url).getHost();
      } catch (IllegalArgumentException ex) {
        host = null;
      }
      e.put("host", host);
    }
    ((ObjectNode) view.get("spec")).set("webhooks", shown);
    return view;
  }

  public static ObjectNode window(WindowRecord w) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("start", w.start())
        .put("end", w.end())
        .put("state", w.state().name())
        .put("events", w.events());
    if (w.closedAt() != null) {
      o.put("closedAt", w.closedAt());
    }
    if (w.resultJson() != null) {
      o.set("result", parse(w.resultJson()));
    }
    return o;
  }

  public static ObjectNode alert(AlertRecord a) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", a.id())
        .put("monitorId", a.monitorId())
        .put("kind", a.kind())
        .put("window", a.windowStart())
        .put("createdAt", a.createdAt())
        .put("summary", a.summary());
    o.set("evidence", parse(a.evidenceJson()));
    o.set("retraining", retraining(a.retraining()));
    return o;
  }

  /**
   * An alert's retraining: its state, job and error; the windows it is about (while waiting, those
   * whose labels it waits for; once submitted, those whose captured rows its job trains on) and the
   * captured rows; until when it waits for labels; for COOLDOWN, until when and because of which
   * alert and job.
   */
  public static ObjectNode retraining(AlertRetraining r) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("state", r.state().name());
    if (r.jobId() != null) {
      o.put("jobId", r.jobId());
    }
    if (r.error() != null) {
      o.put("error", r.error());
    }
    if (!r.windows().isEmpty()) {
      r.windows().forEach(o.putArray("windows")::add);
    }
    if (r.rows() != null) {
      o.put("capturedRows", r.rows());
    }
    if (r.waitUntil() != null) {
      o.put("waitingUntil", r.waitUntil());
    }
    if (r.detail() != null) {
      o.put("detail", r.detail());
    }
    if (r.cooldownUntil() != null) {
      o.put("cooldownUntil", r.cooldownUntil());
    }
    if (r.cooldownAlertId() != null) {
      ObjectNode cause = o.putObject("cooldownCause").put("alertId", r.cooldownAlertId());
      if (r.cooldownJobId() != null) {
        cause.put("jobId", r.cooldownJobId());
      }
    }
    return o;
  }

  static JsonNode parse(String json) {
    return Json.parse(json, "a stored document").node;
  }
}
