// The monitors: state (and why one is not consuming), events counted, and a link to each.
import { get } from "../api.js";
import { h, state, time } from "../util.js";

export async function mount(el) {
  const body = h("div", { id: "monitors" });
  el.append(h("h1", {}, "Monitors"), body);
  async function refresh() {
    const list = (await get("/api/v1/monitors")).monitors;
    if (list.length === 0) {
      body.replaceChildren(h("p", { class: "empty" },
        "No monitors yet. Create one with `vernier monitor create` or POST /api/v1/monitors."));
      return;
    }
    body.replaceChildren(h("table", { id: "monitors-table" },
      h("thead", {}, h("tr", {}, ["Monitor", "Model", "State", "Why", "Events accepted", "Rejected", "Created"]
        .map((x) => h("th", {}, x)))),
      h("tbody", {}, list.map((m) => {
        const c = m.counters || {};
        const rejected = Object.entries(c).filter(([k]) => k.startsWith("rejected_")).reduce((a, [, v]) => a + v, 0);
        return h("tr", { "data-monitor": m.id },
          h("td", {}, h("a", { href: "#/monitors/" + encodeURIComponent(m.id) }, m.name)),
          h("td", {}, m.spec.model || ""),
          h("td", {}, state(m.state)),
          h("td", {}, m.stateReason || ""),
          h("td", { class: "num" }, c.events_accepted ?? 0),
          h("td", { class: "num" }, rejected),
          h("td", {}, time(m.createdAt)));
      }))));
  }
  return { refresh };
}
