// Tuning jobs, newest first, a page at a time, filterable by state.
import { get } from "../api.js";
import { duration, h, num, state, time } from "../util.js";

const STATES = ["", "PENDING", "IN_PROGRESS", "STOPPING", "COMPLETED", "STOPPED", "FAILED"];
const LIMIT = 20;

export async function mount(el, ctx) {
  let offset = 0;
  let filter = "";
  const select = h("select", { id: "state-filter", "aria-label": "state", onchange: (e) => {
    filter = e.target.value; offset = 0; refresh();
  } }, STATES.map((s) => h("option", { value: s }, s || "every state")));
  const body = h("div", { id: "jobs" });
  const pager = h("div", { class: "pager" });
  el.append(
    h("h1", {}, "Tuning jobs"),
    h("div", { class: "toolbar" }, select,
      ctx.canWrite ? h("a", { href: "#/submit", id: "new-job" }, "Submit a job") : null),
    body, pager);

  async function refresh() {
    const q = new URLSearchParams({ offset, limit: LIMIT });
    if (filter) q.set("state", filter);
    // the summaries are the jobs list with each job's trials counted by state
    const page = await get("/api/v1/job-summaries?" + q);
    const details = page.jobs;
    if (details.length === 0) {
      body.replaceChildren(h("p", { class: "empty" }, filter
        ? "No job is " + filter + "."
        : "No tuning jobs yet." + (ctx.canWrite ? " Submit one from the Submit page, or with `vernier tune submit`." : "")));
    } else {
      body.replaceChildren(h("table", { id: "jobs-table" },
        h("thead", {}, h("tr", {}, ["Job", "State", "Strategy", "Algorithm / command", "Done", "Running",
          "Failed", "Best objective", "Started", "Duration"].map((x) => h("th", {}, x)))),
        h("tbody", {}, details.map((j) => {
          const by = j.trials.byState || {};
          return h("tr", { "data-job": j.id },
            h("td", {}, h("a", { href: "#/jobs/" + encodeURIComponent(j.id) }, j.id)),
            h("td", {}, state(j.state)),
            h("td", {}, j.strategy),
            h("td", {}, j.algorithm || j.command),
            h("td", { class: "num" }, (by.COMPLETED || 0) + " / " + j.trials.max),
            h("td", { class: "num" }, (by.IN_PROGRESS || 0)),
            h("td", { class: "num" }, (by.FAILED || 0)),
            h("td", { class: "num" }, j.best ? num(j.best.objective) : ""),
            h("td", {}, time(j.createdAt)),
            h("td", {}, duration(j.createdAt, j.endedAt)));
        }))));
    }
    const last = Math.min(page.total, offset + page.jobs.length);
    pager.replaceChildren(
      h("button", { class: "secondary", type: "button", disabled: offset === 0,
        onclick: () => { offset = Math.max(0, offset - LIMIT); refresh(); } }, "Newer"),
      h("span", {}, page.total ? `jobs ${offset + 1}–${last} of ${page.total}` : ""),
      h("button", { class: "secondary", type: "button", disabled: last >= page.total,
        onclick: () => { offset += LIMIT; refresh(); } }, "Older"));
  }
  return { refresh };
}
