// The worker fleet: each worker's slots, backend, last contact, the trials it runs now and the
// leases it lost (expired without a heartbeat, or ended by its restart).
import { get, getText } from "../api.js";
import { duration, h, samples, time } from "../util.js";

export async function mount(el) {
  const body = h("div", { id: "fleet" });
  const leases = h("p", { id: "lease-counts", class: "muted" });
  el.append(h("h1", {}, "Worker fleet"), leases, body);

  /** A counter's value in Prometheus's text format, 0 when absent. */
  function counter(scrape, name) {
    return samples(scrape, name).reduce((a, x) => a + x.value, 0);
  }

  async function refresh() {
    const [list, scrape] = await Promise.all([get("/api/v1/workers"), getText("/metrics")]);
    const workers = list.workers;
    leases.textContent = "Since the service started: " + counter(scrape, "vernier_lease_expiries_total")
      + " leases lost (expired without a heartbeat), " + counter(scrape, "vernier_trial_retries_total")
      + " trials retried.";
    if (workers.length === 0) {
      body.replaceChildren(h("p", { class: "empty" },
        "No worker has registered. `vernier serve --slots N` runs slots in the service; `vernier worker` joins from another machine."));
      return;
    }
    body.replaceChildren(h("table", { id: "workers-table" },
      h("thead", {}, h("tr", {}, ["Worker", "Name", "Slots", "Busy", "Running trials", "Backend", "Leases lost", "Reported", "Last seen", "Registered"]
        .map((x) => h("th", {}, x)))),
      h("tbody", {}, workers.map((w) => h("tr", { "data-worker": w.id },
        h("td", {}, w.id),
        h("td", {}, w.name),
        h("td", { class: "num" }, w.slots),
        h("td", { class: "num" }, w.trials.length),
        h("td", {}, w.trials.map((t) => h("a", { href: "#/jobs/" + encodeURIComponent(t.jobId) },
          t.jobId + " #" + t.number + (t.attempt > 0 ? " (retry " + t.attempt + ")" : ""), " "))),
        h("td", { class: "backend" }, w.backend ?? "–"),
        h("td", { class: "num leases-lost" + (w.leasesLost > 0 ? " error" : "") }, w.leasesLost),
        h("td", { class: "num" }, w.leasesReported),
        h("td", {}, duration(w.lastSeenAt) + " ago"),
        h("td", {}, time(w.registeredAt)))))));
  }
  return { refresh };
}
