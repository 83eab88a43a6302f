package dev.vernier.monitor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.WindowRecord;
import java.util.Map;

/** JSON views of the monitor's records, shared by the REST API and the CLI. */
public final class MonitorViews {
  private MonitorViews() {}

  public static ObjectNode monitor(MonitorRecord m, Map<String, Long> counters) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", m.id())
        .put("name", m.name())
        .put("state", m.state())
        .put("createdAt", m.createdAt());
    if (m.stateReason() != null) {
      o.put("stateReason", m.stateReason());
      o.put("stateSince", m.stateSince());
    }
    if (m.lastRetrainAt() != null) {
      o.put("lastRetrainAt", m.lastRetrainAt());
    }
    o.set("spec", parse(m.specJson()));
    ObjectNode c = o.putObject("counters");
    counters.forEach(c::put);
    return o;
  }

  public static ObjectNode window(WindowRecord w) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("start", w.start()).put("end", w.end()).put("state", w.state()).put("events", w.events());
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
    ObjectNode r = o.putObject("retraining").put("state", a.retrainState());
    if (a.retrainJobId() != null) {
      r.put("jobId", a.retrainJobId());
    }
    if (a.retrainError() != null) {
      r.put("error", a.retrainError());
    }
    return o;
  }

  static JsonNode parse(String json) {
    return Json.parse(json, "a stored document").node;
  }
}
