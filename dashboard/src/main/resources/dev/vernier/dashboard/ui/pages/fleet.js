// The worker fleet: each worker's slots, last contact and the trials it runs now.
import { get } from "../api.js";
import { duration, h, time } from "../util.js";

export async function mount(el) {
  const body = h("div", { id: "fleet" });
  el.append(h("h1", {}, "Worker fleet"), body);
  async function refresh() {
    const workers = (await get("/api/v1/workers")).workers;
    if (workers.length === 0) {
      body.replaceChildren(h("p", { class: "empty" },
        "No worker has registered. `vernier serve --slots N` runs slots in the service; `vernier worker` joins from another machine."));
      return;
    }
    body.replaceChildren(h("table", { id: "workers-table" },
      h("thead", {}, h("tr", {}, ["Worker", "Name", "Slots", "Busy", "Running trials", "Last seen", "Registered"]
        .map((x) => h("th", {}, x)))),
      h("tbody", {}, workers.map((w) => h("tr", { "data-worker": w.id },
        h("td", {}, w.id),
        h("td", {}, w.name),
        h("td", { class: "num" }, w.slots),
        h("td", { class: "num" }, w.trials.length),
        h("td", {}, w.trials.map((t) => h("a", { href: "#/jobs/" + encodeURIComponent(t.jobId) },
          t.jobId + " #" + t.number + (t.attempt > 0 ? " (retry " + t.attempt + ")" : ""), " "))),
        h("td", {}, duration(w.lastSeenAt) + " ago"),
        h("td", {}, time(w.registeredAt)))))));
  }
  return { refresh };
}
