// One tuning job: its facts, the optimisation history (objective per finished trial and the best
// so far), the hyperparameters against the objective on parallel axes (brushing an axis filters
// the trial table), the trial table, the best trial with its model, and the stop button.
//
// A job may have 10,000 trials. The page reads them once, a page of 1,000 at a time, and then each
// poll asks only for the trials numbered above the last it has and the ones it saw PENDING,
// IN_PROGRESS or STOPPING (an ended trial never changes again). The curves are the running and the
// best trials' (the API caps them), and the table draws one page of rows.
import { ApiError, call, download, get } from "../api.js";
import { DataTable } from "../table.js";
import { chart, duration, h, html, num, state, time } from "../util.js";

const TERMINAL = new Set(["COMPLETED", "STOPPED", "FAILED"]);
const PAGE = 1000; // trials a request: the API's most
const NAMED_CHARS = 1500; // the most characters of trial numbers in one request's query
const IMPORTANCE_MS = 10000; // hyperparameter importance is fitted again at most this often

/** Numbers as the API's ranges: [1, 2, 3, 7] is "1-3,7"; in chunks of at most NAMED_CHARS. */
export function rangeChunks(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : sorted[i] + "-" + sorted[j]);
    i = j;
  }
  const chunks = [];
  let cur = "";
  for (const p of parts) {
    if (cur && cur.length + 1 + p.length > NAMED_CHARS) {
      chunks.push(cur);
      cur = "";
    }
    cur = cur ? cur + "," + p : p;
  }
  if (cur) chunks.push(cur);
  return chunks;
}

export async function mount(el, ctx) {
  const id = ctx.params.id;
  const path = "/api/v1/tuning-jobs/" + encodeURIComponent(id);
  let logScale = false;
  let job = null;
  let trials = [];
  const byNumber = new Map(); // every trial read so far, by number
  let lastNumber = 0; // the highest trial number read: the next poll's after
  let curvesText = null; // the curves as last drawn, to redraw only when they change
  let importanceAt = 0; // when importance was last fetched
  let importanceStale = true; // an objective changed since
  let brushed = null; // trial numbers the parallel plot's brush keeps, or null

  const title = h("h1", {}, "Job ", id, " ");
  const stateEl = h("span");
  title.append(stateEl);
  const facts = h("dl", { class: "facts", id: "job-facts" });
  const stopBtn = ctx.canWrite
    ? h("button", { id: "stop-job", class: "danger", type: "button", onclick: stop }, "Stop job")
    : null;
  const logBox = h("input", { type: "checkbox", id: "log-scale", onchange: (e) => { logScale = e.target.checked; drawHistory(); } });
  const historyEl = h("div", { class: "chart", id: "history-chart" });
  const parallelEl = h("div", { class: "chart tall", id: "parallel-chart" });
  const curvesEl = h("div", { class: "chart tall", id: "curves-chart" });
  const curvesNote = h("p", { class: "muted", id: "curves-note" });
  const importanceEl = h("div", { class: "chart", id: "importance-chart" });
  const importanceNote = h("p", { class: "muted", id: "importance-note" });
  let curves = null;
  const bestEl = h("div", { id: "best" });
  const table = new DataTable([], { id: "trials-table", rowClass: (t) => (job && job.best && job.best.trialNumber === t.number ? "best" : null) });

  el.append(
    title,
    h("div", { class: "grid2" },
      h("div", { class: "card" }, facts, h("div", { class: "toolbar" }, stopBtn)),
      h("div", { class: "card" }, h("h2", {}, "Best trial"), bestEl)),
    h("div", { class: "card" },
      h("div", { class: "toolbar" }, h("strong", {}, "Optimisation history"),
        h("label", {}, logBox, " log scale")),
      historyEl),
    h("div", { class: "card" },
      h("strong", {}, "Hyperparameters against the objective"),
      h("span", { class: "muted" }, " (drag along an axis to filter the table)"),
      parallelEl),
    h("div", { class: "card" },
      h("strong", {}, "Hyperparameter importance"),
      h("span", { class: "muted" }, " (relevance in a Gaussian process fitted to the completed trials: 1/length scale² over each range, summing to 1)"),
      importanceNote, importanceEl),
    h("div", { class: "card" },
      h("strong", {}, "Learning curves"),
      h("span", { class: "muted" }, " (the objective's metric by epoch; dashed: stopped early, the reason in the tooltip)"),
      curvesNote, curvesEl),
    h("h2", {}, "Trials"),
    table.el);

  async function stop() {
    stopBtn.disabled = true;
    try {
      await call("POST", path + "/stop");
      await refresh();
    } catch (e) {
      ctx.showError(e);
      stopBtn.disabled = false;
    }
  }

  function minimize() {
    return job.objective.type === "Minimize";
  }

  function drawHistory() {
    const done = trials.filter((t) => t.objective !== null && t.objective !== undefined)
      .sort((a, b) => a.number - b.number);
    const points = done.map((t) => [t.number, t.objective]);
    let best = null;
    const bestLine = done.map((t) => {
      best = best === null ? t.objective : minimize() ? Math.min(best, t.objective) : Math.max(best, t.objective);
      return [t.number, best];
    });
    const canLog = done.every((t) => t.objective > 0);
    logBox.disabled = !canLog;
    logBox.title = canLog ? "" : "a log scale needs every objective above 0";
    chart(historyEl).setOption({
      animation: false,
      tooltip: { trigger: "item" },
      legend: { data: ["objective", "best so far"] },
      grid: { left: 70, right: 30, top: 40, bottom: 45 },
      xAxis: { type: "value", name: "trial", nameLocation: "middle", nameGap: 28, minInterval: 1, min: "dataMin" },
      yAxis: { type: logScale && canLog ? "log" : "value", name: job.objective.metric, scale: true },
      series: [
        { name: "objective", type: "scatter", data: points, symbolSize: points.length > 2000 ? 4 : 8, large: true, largeThreshold: 2000 },
        { name: "best so far", type: "line", step: "end", data: bestLine, showSymbol: false },
      ],
    }, { notMerge: true });
  }

  function drawParallel() {
    const ranges = job.spec.parameterRanges || {};
    const names = Object.keys(ranges);
    const axes = names.map((n, i) => {
      const r = ranges[n];
      if (r.type === "categorical") return { id: "axis-" + n, dim: i, name: n, type: "category", data: r.values.map(String) };
      const log = r.scaling === "LOGARITHMIC";
      return { id: "axis-" + n, dim: i, name: n, type: log ? "log" : "value", min: r.min, max: r.max, scale: !log };
    });
    axes.push({ id: "axis-objective", dim: names.length, name: job.objective.metric, type: "value", scale: true, nameTextStyle: { fontWeight: "bold" } });
    const rows = trials.filter((t) => t.objective !== null && t.objective !== undefined);
    const data = rows.map((t) => ({
      name: String(t.number),
      value: [...names.map((n) => (ranges[n].type === "categorical" ? String(t.hyperparameters[n]) : t.hyperparameters[n])), t.objective],
    }));
    const c = chart(parallelEl);
    c.setOption({
      animation: false,
      parallelAxis: axes,
      parallel: { left: 60, right: 120, top: 50, bottom: 30 },
      tooltip: { trigger: "item", formatter: (p) => html("trial " + p.name) },
      visualMap: rows.length ? {
        show: true, type: "continuous", dimension: names.length, right: 10, top: "middle",
        min: Math.min(...rows.map((t) => t.objective)), max: Math.max(...rows.map((t) => t.objective)),
        inRange: { color: minimize() ? ["#1a9850", "#fee08b", "#d73027"] : ["#d73027", "#fee08b", "#1a9850"] },
        text: ["high", "low"], calculable: false,
      } : undefined,
      series: [{ type: "parallel", lineStyle: { width: 1.5, opacity: 0.6 }, data }],
    }, { notMerge: true });
    c.off("axisareaselected");
    c.on("axisareaselected", () => {
      const kept = c.getModel().getSeries()[0].getRawIndicesByActiveState("active");
      const all = kept.length === data.length;
      brushed = all ? null : new Set(kept.map((i) => Number(data[i].name)));
      table.setKeep(brushed ? (t) => brushed.has(t.number) : null);
    });
  }

  function drawCurves() {
    const running = curves.running || 0;
    curvesNote.textContent = curves.omitted > 0
      ? "The " + (running ? running + " running trials and the " : "") + curves.limit
        + " best by objective; " + curves.omitted.toLocaleString("en") + " more left out (of "
        + curves.total.toLocaleString("en") + ")."
      : "";
    const series = curves.curves.filter((c) => c.values.length > 0).map((c) => ({
      name: "trial " + c.number,
      type: "line",
      showSymbol: c.values.length === 1, // a one-epoch curve is a point
      data: c.values.map((v, i) => [i + 1, v]),
      lineStyle: { width: 1.2, type: c.state === "STOPPED" ? "dashed" : "solid" },
    }));
    chart(curvesEl).setOption({
      animation: false,
      tooltip: { trigger: "item", formatter: (p) => {
        const c = curves.curves.find((x) => "trial " + x.number === p.seriesName);
        return html(p.seriesName + ", epoch " + p.value[0] + ": " + num(p.value[1]))
          + (c && c.state !== "COMPLETED"
            ? "<br>" + html(c.state + (c.stateReason ? ": " + c.stateReason : "")) : "");
      } },
      grid: { left: 70, right: 30, top: 40, bottom: 45 },
      xAxis: { type: "value", name: "epoch", nameLocation: "middle", nameGap: 28, minInterval: 1, min: 1 },
      yAxis: { type: "value", name: curves.metric, scale: true },
      series,
    }, { notMerge: true });
  }

  async function drawImportance() {
    const imp = await get(path + "/importance");
    importanceNote.textContent = imp.reason || "fitted to " + imp.trials + " completed trials";
    const ps = [...imp.parameters].sort((a, b) => a.importance - b.importance);
    chart(importanceEl).setOption({
      animation: false, tooltip: { trigger: "item", formatter: (p) => html(p.name + ": " + num(p.value, 3)) },
      grid: { left: 140, right: 40, top: 10, bottom: 30 },
      xAxis: { type: "value", min: 0, max: 1 },
      yAxis: { type: "category", data: ps.map((p) => p.name) },
      series: [{ type: "bar", data: ps.map((p) => ({ name: p.name, value: p.importance })),
        label: { show: true, position: "right", formatter: (p) => num(p.value, 2) } }],
    }, { notMerge: true });
  }

  function drawTable() {
    const names = Object.keys(job.spec.parameterRanges || {});
    table.columns = [
      { key: "number", label: "#", num: true },
      { key: "state", label: "State", render: (t) => state(t.state) },
      { key: "objective", label: job.objective.metric, num: true, render: (t) => num(t.objective) },
      // under aggregation best the objective may come from an earlier epoch than the last
      ...(job.objective.aggregation === "best" ? [{ key: "objectiveEpoch", label: "From epoch", num: true }] : []),
      ...names.map((n) => ({ key: "hp:" + n, label: n, num: true, value: (t) => t.hyperparameters[n], render: (t) => num(t.hyperparameters[n]) })),
      { key: "epochs", label: "Epochs", num: true },
      { key: "duration", label: "Duration", value: (t) => (t.startedAt ? new Date(t.endedAt || Date.now()) - new Date(t.startedAt) : null), render: (t) => duration(t.startedAt, t.endedAt) },
      { key: "workerId", label: "Worker" },
      { key: "stateReason", label: "Reason" },
    ];
    table.setRows(trials);
  }

  let provenanceOf = null; // the trial number whose provenance is shown

  async function drawBest() {
    if (!job.best) {
      bestEl.replaceChildren(h("p", { class: "muted" }, "No trial has an objective yet."));
      return;
    }
    if (provenanceOf === job.best.trialNumber) return;
    provenanceOf = job.best.trialNumber;
    let prov = null;
    try {
      prov = await get(path + "/trials/" + job.best.trialNumber + "/provenance");
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
    }
    const value = (v) => (v !== null && typeof v === "object" ? JSON.stringify(v) : String(v));
    const rows = [["trial", String(job.best.trialNumber)], [job.objective.metric, num(job.best.objective, 6)]];
    if (prov) for (const [k, v] of Object.entries(prov)) rows.push([k, value(v)]);
    else rows.push(["hyperparameters", value(job.best.hyperparameters)], ["provenance", "not reported (no model file)"]);
    const btn = h("button", { id: "download-model", type: "button", class: "secondary", onclick: async () => {
      try { await download(path + "/best/model"); } catch (e) { ctx.showError(e); }
    } }, "Download model");
    bestEl.replaceChildren(
      h("dl", { class: "facts", id: "best-provenance" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
      h("div", { class: "toolbar" }, btn));
  }

  function drawFacts() {
    stateEl.replaceChildren(state(job.state));
    const by = job.trials.byState || {};
    const ws = job.spec.warmStart;
    facts.replaceChildren(...[
      h("dt", {}, "strategy"), h("dd", {}, job.strategy),
      h("dt", {}, job.algorithm ? "algorithm" : "command"), h("dd", {}, job.algorithm || job.command),
      h("dt", {}, "objective"), h("dd", {}, job.objective.type + " " + job.objective.metric),
      h("dt", {}, "trials"), h("dd", {}, Object.entries(by).map(([k, v]) => k + " " + v).join(", ") + " (max " + job.trials.max + ", " + job.trials.maxParallel + " at a time)"),
      h("dt", {}, "early stopping"), h("dd", {}, String(job.spec.earlyStopping)),
      ws ? [h("dt", {}, "warm start from"), h("dd", {}, ws.parents.map((p) => h("a", { href: "#/jobs/" + encodeURIComponent(p) }, p, " ")))] : null,
      children && children.length ? [h("dt", {}, "warm-started jobs"), h("dd", { id: "children" }, children.map((c) => h("a", { href: "#/jobs/" + encodeURIComponent(c) }, c, " ")),
        childrenTotal > children.length ? h("span", { class: "muted" }, "(the newest " + children.length + " of " + childrenTotal + ")") : null)] : null,
      h("dt", {}, "started"), h("dd", {}, time(job.createdAt)),
      h("dt", {}, "duration"), h("dd", {}, duration(job.createdAt, job.endedAt)),
      job.stateReason ? [h("dt", {}, "reason"), h("dd", {}, job.stateReason)] : null,
    ].flat().filter(Boolean));
    if (stopBtn) stopBtn.hidden = TERMINAL.has(job.state) || job.stopRequested;
  }

  let children = null; // jobs warm-started from this one, looked up once
  let childrenTotal = 0;

  async function findChildren() {
    const page = await get("/api/v1/tuning-jobs?limit=500&parent=" + encodeURIComponent(id));
    children = page.jobs.map((x) => x.id);
    childrenTotal = page.total;
  }

  /**
   * Reads the trials that are new or may have changed since the last call (every trial the first
   * time) into byNumber; says which kinds of thing changed.
   */
  async function fetchTrials() {
    const active = [];
    for (const t of byNumber.values()) if (!TERMINAL.has(t.state)) active.push(t.number);
    const named = rangeChunks(active);
    let after = lastNumber;
    let more = true;
    let changed = false;
    let objectives = false;
    for (let i = 0; more || i < named.length; i++) {
      const q = new URLSearchParams({ after, limit: PAGE });
      if (i < named.length) q.set("numbers", named[i]);
      const p = await get(path + "/trials?" + q);
      for (const t of p.trials) {
        const old = byNumber.get(t.number);
        if (old && JSON.stringify(old) === JSON.stringify(t)) continue;
        changed = true;
        if (!old || old.objective !== t.objective || old.state !== t.state) objectives = true;
        byNumber.set(t.number, t);
      }
      after = p.nextAfter;
      more = p.hasMore;
    }
    lastNumber = after;
    if (changed) trials = [...byNumber.values()].sort((a, b) => a.number - b.number);
    return { changed, objectives };
  }

  let first = true;
  let gone = false; // unmounted: a refresh still under way draws nothing more

  /**
   * Lets the browser run other tasks between two charts: a 10,000-trial job's charts take a few
   * hundred milliseconds each to draw, and one task for all of them held the page that long.
   */
  async function yieldToBrowser() {
    await new Promise((resolve) => setTimeout(resolve, 0));
    return !gone;
  }

  async function refresh() {
    if (children === null) await findChildren();
    const [j, delta] = await Promise.all([get(path), fetchTrials()]);
    job = j;
    if (delta.changed || curves === null) curves = await get(path + "/curves");
    drawFacts();
    // the history and the parallel axes are redrawn only when an objective changed (a redraw
    // drops the brush); the curves when they changed
    if (delta.objectives || first) {
      drawHistory();
      if (!(await yieldToBrowser())) return;
      drawParallel();
      if (!(await yieldToBrowser())) return;
    }
    const text = JSON.stringify(curves);
    if (text !== curvesText) {
      curvesText = text;
      drawCurves();
    }
    if (delta.objectives) importanceStale = true;
    if (importanceStale && Date.now() - importanceAt >= IMPORTANCE_MS) {
      importanceAt = Date.now();
      importanceStale = false;
      await drawImportance();
    }
    first = false;
    drawTable();
    await drawBest();
  }
  return {
    refresh,
    unmount() {
      gone = true;
      for (const e of [historyEl, parallelEl, curvesEl, importanceEl]) {
        const c = window.echarts.getInstanceByDom(e);
        if (c) c.dispose();
      }
    },
  };
}
