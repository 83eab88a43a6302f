// Every monitor's alerts: what fired and on which evidence, each delivery with its state
// (pending, delivered, failed with its last error and attempts), and the retraining job it started.
import { get } from "../api.js";
import { h, num, state, time } from "../util.js";

function evidence(a) {
  const list = (a.evidence && a.evidence.evidence) || [];
  if (list.length === 0) return h("span", { class: "muted" }, a.evidence && a.evidence.summary ? a.evidence.summary : "");
  return h("ul", { class: "evidence" }, list.slice(0, 8).map((e) =>
    h("li", {}, [e.feature || e.check || e.metric || "", e.window !== undefined ? " in window " + e.window : "",
      e.method ? " · " + e.method + " " + num(e.statistic) : ""].join(""))),
  list.length > 8 ? h("li", { class: "muted" }, "and " + (list.length - 8) + " more") : null);
}

function deliveries(a) {
  const list = a.deliveries || [];
  if (list.length === 0) return h("span", { class: "muted" }, "no targets (no webhook or alerts topic)");
  return h("ul", { class: "deliveries" }, list.map((d) => {
    const where = d.topic ? "topic " + d.topic : (d.url || d.host || "?") + (d.webhookId ? " (" + d.webhookId + ")" : "");
    const tries = d.attempts + (d.attempts === 1 ? " attempt" : " attempts");
    const when = d.state === "DELIVERED" ? ", " + time(d.deliveredAt) : "";
    const err = d.lastError ? h("div", { class: "muted wrap" }, (d.state === "PENDING" ? "retrying after: " : "last error: ") + d.lastError) : null;
    return h("li", { "data-state": d.state }, state(d.state), " → " + where + " · " + tries + when, err);
  }));
}

export async function mount(el) {
  const body = h("div", { id: "alerts" });
  el.append(h("h1", {}, "Alerts"), body);
  async function refresh() {
    const alerts = (await get("/api/v1/alerts?limit=200")).alerts;
    if (alerts.length === 0) {
      body.replaceChildren(h("p", { class: "empty" }, "No alerts. A monitor raises one when k of its last n windows break the same check."));
      return;
    }
    body.replaceChildren(h("table", { id: "alerts-table" },
      h("thead", {}, h("tr", {}, ["Raised", "Monitor", "Kind", "Window", "Summary", "Evidence", "Deliveries", "Retraining"]
        .map((x) => h("th", {}, x)))),
      h("tbody", {}, alerts.map((a) => h("tr", { "data-alert": a.id },
        h("td", {}, time(a.createdAt)),
        h("td", {}, h("a", { href: "#/monitors/" + encodeURIComponent(a.monitorId) }, a.monitorName || a.monitorId)),
        h("td", {}, a.kind),
        h("td", { class: "num" }, a.window),
        h("td", { class: "wrap" }, a.summary),
        h("td", { class: "wrap" }, evidence(a)),
        h("td", { class: "deliveries wrap" }, deliveries(a)),
        h("td", { class: "retraining" }, state(a.retraining.state),
          a.retraining.jobId ? [" ", h("a", { href: "#/jobs/" + encodeURIComponent(a.retraining.jobId) }, a.retraining.jobId)] : null,
          a.retraining.detail || a.retraining.error ? h("div", { class: "muted wrap" }, a.retraining.error || a.retraining.detail) : null))))));
  }
  return { refresh };
}
