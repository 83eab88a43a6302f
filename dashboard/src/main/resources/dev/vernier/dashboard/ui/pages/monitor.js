// One monitor: its state, counters, dead letters by reason and consumer lag, the share of drifted features per window, a heatmap of
// feature x window by the decision method's statistic (the features each window reports among
// its most drifted), the drifted windows with their features, data-quality and model-quality
// results, and a feature's distribution in the baseline against a chosen window's (the window's
// counts over the baseline's bins).
import { get } from "../api.js";
import { Heatmap } from "../heatmap.js";
import { WindowCache } from "../windows.js";
import { DataTable } from "../table.js";
import { chart, h, num, state, time } from "../util.js";

const WINDOWS = 200;
const CATEGORIES = 40; // a categorical feature's bars: the largest shares, then unseen and missing

export async function mount(el, ctx) {
  const id = ctx.params.id;
  const path = "/api/v1/monitors/" + encodeURIComponent(id);
  const title = h("h1", {}, "Monitor");
  const facts = h("dl", { class: "facts", id: "monitor-facts" });
  const counters = h("dl", { class: "facts", id: "monitor-counters" });
  const lag = h("div", { id: "lag" });
  const deadLetters = h("div", { id: "dead-letters" });
  const shareEl = h("div", { class: "chart", id: "share-chart" });
  const heatEl = h("div", { class: "chart tall", id: "heatmap-chart" });
  const heatmap = new Heatmap(heatEl);
  const windowsEl = h("div", { id: "drifted-windows" });
  const featureSel = h("select", { id: "feature", "aria-label": "feature", onchange: () => { chosenWindow = null; loadHistograms(); } });
  const windowSel = h("select", { id: "hist-window", "aria-label": "window", onchange: () => { chosenWindow = windowSel.value; drawBaseline(); } });
  const histNote = h("p", { class: "muted", id: "hist-note" });
  const baseEl = h("div", { class: "chart", id: "baseline-chart" });
  let baseline = null;
  let drawn = null;
  let hist = null; // the chosen feature's /features/{name}/histograms answer
  let chosenWindow = null; // a window the user chose, else the latest drifted one
  let driftedStarts = new Set();
  const qualityEl = h("div", { class: "chart", id: "quality-chart" });
  const qualityCard = h("div", { class: "card", hidden: true },
    h("strong", {}, "Model quality per window"),
    h("span", { class: "muted" }, " (from the labels joined so far; dashed: the baseline's on the same classes)"), qualityEl);
  const all = new DataTable([
    { key: "start", label: "Window", num: true },
    { key: "state", label: "State", render: (w) => state(w.state) },
    { key: "events", label: "Events", num: true },
    { key: "share", label: "Drifted share", num: true, value: (w) => w.result && w.result.drift ? w.result.drift.driftedShare : null, render: (w) => w.result && w.result.drift ? num(w.result.drift.driftedShare, 3) : "" },
    { key: "dq", label: "Data quality", value: (w) => dq(w), wrap: true },
    { key: "pd", label: "Prediction drift", value: (w) => pd(w), wrap: true },
    { key: "mq", label: "Model quality", value: (w) => mq(w), wrap: true },
    { key: "violations", label: "Violations", value: (w) => (w.result && w.result.violations || []).join(", ") },
  ], { id: "windows-table", pageSize: 25 });

  const driftedTable = new DataTable([
    { key: "start", label: "Window", num: true },
    { key: "events", label: "Events", num: true },
    { key: "share", label: "Drifted share", num: true, value: (w) => w.result.drift.driftedShare, render: (w) => num(w.result.drift.driftedShare, 3) },
    { key: "features", label: "Drifted features", cls: "features wrap", value: (w) => (w.result.drift.topDrifted || []).map((f) => f.feature).join(", ") },
    { key: "violations", label: "Violations", value: (w) => (w.result.violations || []).join(", ") },
    { key: "mq", label: "Model quality", value: (w) => mq(w) },
  ], { id: "drifted-windows-table", pageSize: 25, rowAttrs: (w) => ({ "data-window": w.start }) });

  function dq(w) {
    const q = w.result && w.result.dataQuality;
    if (!q) return "";
    return q.violations.length ? q.violations.length + " violations: " + q.violations[0].message : "ok (" + q.rows + " rows)";
  }
  function pd(w) {
    const p = w.result && w.result.predictionDrift;
    if (!p) return "";
    return p.scores.map((s) => s.method + " " + num(s.statistic, 3) + (s.drifted ? " drifted" : "")).join(", ");
  }
  function mq(w) {
    const q = w.result && w.result.modelQuality;
    if (!q) return "";
    if (q.accuracy !== undefined) return "accuracy " + num(q.accuracy, 3) + ", macro-F1 " + num(q.macroF1, 3) + " (" + q.labels + " labels)";
    return "rmse " + num(q.rmse, 4) + ", mae " + num(q.mae, 4) + " (" + q.labels + " labels)";
  }

  el.append(title,
    h("div", { class: "grid2" },
      h("div", { class: "card" }, h("h2", {}, "State"), facts),
      h("div", { class: "card" }, h("h2", {}, "Counters"), counters,
        h("h2", {}, "Dead letters (rejected records) by reason"), deadLetters,
        h("h2", {}, "Consumer lag"), lag)),
    h("div", { class: "card" }, h("strong", {}, "Share of drifted features per window"), shareEl),
    h("div", { class: "card" }, h("strong", {}, "Drift by feature and window"),
      h("span", { class: "muted" }, " (the decision method's statistic per feature and window)"),
      heatEl),
    h("h2", {}, "Drifted windows"), windowsEl,
    qualityCard,
    h("h2", {}, "Every window"), all.el,
    h("div", { class: "card" },
      h("div", { class: "toolbar" }, h("strong", {}, "Distribution of"), featureSel,
        h("strong", {}, " baseline against"), windowSel),
      histNote,
      baseEl));

  const share = (xs) => { const t = xs.reduce((a, b) => a + b, 0); return xs.map((x) => (t ? x / t : 0)); };

  // the chosen feature's window counts, then the chart
  async function loadHistograms() {
    const p = baseline && baseline.profiles.find((x) => x.name === featureSel.value);
    if (!p) return;
    hist = p.histogram || p.categoryCounts
      ? await get(path + "/features/" + encodeURIComponent(p.name) + "/histograms?limit=" + WINDOWS)
      : null;
    drawBaseline();
  }

  function drawBaseline() {
    if (!baseline) return;
    const p = baseline.profiles.find((x) => x.name === featureSel.value);
    if (!p) return;
    let labels = [], series = [];
    if (hist && hist.feature === p.name && (p.histogram || p.categoryCounts)) {
      const cat = hist.type === "categorical";
      const kept = hist.windows.filter((w) => w.histogram);
      const latestDrifted = kept.find((w) => driftedStarts.has(w.start));
      const pick = kept.find((w) => String(w.start) === chosenWindow) || latestDrifted || kept[0];
      windowSel.replaceChildren(...kept.map((w) => h("option", { value: String(w.start) },
        "window " + w.start + (driftedStarts.has(w.start) ? " (drifted)" : ""))));
      windowSel.disabled = kept.length === 0;
      if (pick) windowSel.value = String(pick.start);
      if (cat) {
        // shares of rows over the baseline's categories, unseen ones and missing
        const c = pick && pick.histogram;
        const base = share([...hist.baseline, 0, hist.baselineMissing]);
        const win = c ? share([...c.counts, c.other, c.missing]) : null;
        const names = [...hist.categories, "(unseen)", "(missing)"];
        let idx = names.map((_, i) => i);
        if (hist.categories.length > CATEGORIES) {
          const top = hist.categories.map((_, i) => i)
            .sort((a, b) => Math.max(base[b], win ? win[b] : 0) - Math.max(base[a], win ? win[a] : 0))
            .slice(0, CATEGORIES).sort((a, b) => a - b);
          idx = [...top, names.length - 2, names.length - 1];
        }
        labels = idx.map((i) => names[i]);
        series.push({ type: "bar", name: "baseline", data: idx.map((i) => base[i]) });
        if (win) series.push({ type: "bar", name: "window " + pick.start, data: idx.map((i) => win[i]) });
      } else {
        const e = hist.edges;
        labels = ["< " + num(e[0], 3), ...hist.baseline.map((_, i) => num((e[i] + e[i + 1]) / 2, 3)), "> " + num(e[e.length - 1], 3)];
        series.push({ type: "bar", name: "baseline", data: share([0, ...hist.baseline, 0]) });
        if (pick) {
          const c = pick.histogram;
          series.push({ type: "bar", name: "window " + pick.start, data: share([c.underflow, ...c.counts, c.overflow]) });
        }
      }
      const old = hist.windows.length - kept.length;
      const shown = cat && hist.categories.length > CATEGORIES
        ? " The " + CATEGORIES + " categories of largest share of " + hist.categories.length + " are shown." : "";
      histNote.textContent = kept.length === 0
        ? (hist.windows.length ? "No window of this monitor has " + (cat ? "category counts" : "a histogram")
          + ": windows closed before this version of Vernier kept none." : "No window has closed yet.")
        : (cat ? "Shares of rows per category, categories the baseline never saw and missing values." + shown
          : "Shares of rows over the baseline's bins (values outside the baseline's range in the first and last bar).")
          + (old ? " " + old + " older window" + (old > 1 ? "s" : "") + " closed before windows kept " + (cat ? "category counts." : "histograms.") : "");
    } else {
      windowSel.replaceChildren();
      windowSel.disabled = true;
      histNote.textContent = "This feature had no values in the baseline.";
    }
    chart(baseEl).setOption({
      animation: false, tooltip: { trigger: "axis" }, legend: {}, grid: { left: 60, right: 20, top: 30, bottom: 40 },
      xAxis: { type: "category", data: labels, name: p.name, nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "value", name: "share of rows" },
      series,
    }, { notMerge: true });
  }

  function draw(m, windows) {
    const closed = windows.filter((w) => w.result && w.result.drift).sort((a, b) => a.start - b.start);
    const labels = closed.map((w) => String(w.start));
    const featureShare = m.spec.drift && m.spec.drift.featureShare !== undefined
      ? m.spec.drift.featureShare : closed.length ? closed[0].result.drift.featureShare : null;
    chart(shareEl).setOption({
      animation: false, tooltip: { trigger: "axis" }, grid: { left: 60, right: 110, top: 30, bottom: 45 },
      xAxis: { type: "category", data: labels, name: "window", nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "value", min: 0, max: 1, name: "drifted share" },
      series: [{
        type: "bar", name: "drifted share",
        data: closed.map((w) => ({ value: w.result.drift.driftedShare,
          itemStyle: { color: w.result.drift.drifted ? "#c0392b" : "#5b8def" } })),
        markLine: featureShare === null ? undefined : { symbol: "none", data: [{ yAxis: featureShare, name: "threshold" }],
          lineStyle: { type: "dashed", color: "#555" }, label: { formatter: "threshold {c}" } },
      }],
    }, { notMerge: true });

    // every feature's statistic where the window has them; its most drifted features otherwise
    const names = baseline ? baseline.schema.features.map((f) => f.name) : [];
    const full = (w) => w.result.drift.statistics && w.result.drift.statistics.length === names.length;
    const nx = closed.length;
    let features, grid, max = 0;
    if (names.length && closed.every(full)) {
      // the common case, straight into the grid: windows across, features down
      features = names;
      grid = new Float32Array(nx * names.length).fill(NaN);
      closed.forEach((w, x) => {
        const st = w.result.drift.statistics;
        for (let y = 0; y < st.length; y++) {
          const v = st[y];
          if (v === null || v === undefined) continue;
          grid[y * nx + x] = v;
          if (v > max) max = v;
        }
      });
    } else {
      features = [];
      const row = new Map();
      const cells = [];
      const put = (x, name, v) => {
        if (v === null || v === undefined) return;
        if (!row.has(name)) { row.set(name, features.length); features.push(name); }
        cells.push([x, row.get(name), v]);
        max = Math.max(max, v);
      };
      closed.forEach((w, x) => {
        const d = w.result.drift;
        if (full(w)) {
          d.statistics.forEach((v, i) => put(x, names[i], v));
        } else {
          for (const f of d.topDrifted || []) {
            const s = (f.scores || []).find((s) => s.method === d.decision) || (f.scores || [])[0];
            if (s) put(x, f.feature, s.statistic);
          }
        }
      });
      grid = new Float32Array(nx * features.length).fill(NaN);
      for (const [x, y, v] of cells) grid[y * nx + x] = v;
    }
    heatmap.draw(labels, features, grid, max);

    const labelled = closed.filter((w) => w.result.modelQuality && w.result.modelQuality.accuracy !== undefined);
    qualityCard.hidden = labelled.length === 0;
    if (labelled.length) {
      const base = (w) => (w.result.modelQuality.compared ? w.result.modelQuality.compared.baselineAccuracy ?? null : null);
      chart(qualityEl).setOption({
        animation: false, tooltip: { trigger: "axis" }, legend: {},
        grid: { left: 60, right: 30, top: 40, bottom: 45 },
        xAxis: { type: "category", data: labelled.map((w) => String(w.start)), name: "window", nameLocation: "middle", nameGap: 28 },
        yAxis: { type: "value", min: 0, max: 1 },
        series: [
          { name: "accuracy", type: "line", data: labelled.map((w) => w.result.modelQuality.accuracy) },
          { name: "macro-F1", type: "line", data: labelled.map((w) => w.result.modelQuality.macroF1) },
          { name: "baseline accuracy", type: "line", lineStyle: { type: "dashed" }, data: labelled.map(base) },
        ],
      }, { notMerge: true });
    }
    all.setRows([...windows].sort((a, b) => b.start - a.start));
    const drifted = closed.filter((w) => w.result.drift.drifted).reverse();
    driftedStarts = new Set(drifted.map((w) => w.start));
    if (drifted.length === 0) {
      windowsEl.replaceChildren(h("p", { class: "empty" }, closed.length ? "No window drifted." : "No window has closed yet."));
    } else {
      if (windowsEl.firstChild !== driftedTable.el) windowsEl.replaceChildren(driftedTable.el);
      driftedTable.setRows(drifted);
    }
  }

  const cache = new WindowCache(path, WINDOWS);

  async function refresh() {
    const m = await get(path);
    const ws = { windows: await cache.update(m.counters) };
    title.replaceChildren("Monitor ", m.name, " ", state(m.state));
    facts.replaceChildren(...[
      h("dt", {}, "id"), h("dd", {}, m.id),
      h("dt", {}, "model"), h("dd", {}, m.spec.model || ""),
      h("dt", {}, "window"), h("dd", {}, JSON.stringify(m.spec.window)),
      h("dt", {}, "drift"), h("dd", {}, m.spec.drift ? JSON.stringify(m.spec.drift) : "the defaults"),
      m.stateReason ? [h("dt", {}, "why"), h("dd", { id: "state-reason" }, m.stateReason)] : null,
      h("dt", {}, "created"), h("dd", {}, time(m.createdAt)),
    ].flat().filter(Boolean));
    counters.replaceChildren(...Object.entries(m.counters || {}).flatMap(([k, v]) =>
      [h("dt", {}, k.replaceAll("_", " ")), h("dd", {}, String(v))]));
    // records rejected (and sent to the dead-letter topic when the monitor reads Kafka), by reason
    const rejected = Object.entries(m.counters || {}).filter(([k, v]) => k.startsWith("rejected_") && v > 0);
    deadLetters.replaceChildren(rejected.length
      ? h("dl", { class: "facts" }, rejected.map(([k, v]) =>
        [h("dt", {}, k.slice("rejected_".length).replaceAll("_", " ")), h("dd", { "data-reason": k.slice("rejected_".length) }, String(v))]))
      : h("p", { class: "muted" }, "No record was rejected."));
    const lags = m.consumerLag || [];
    lag.replaceChildren(lags.length
      ? h("dl", { class: "facts" }, lags.map((x) => [h("dt", {}, x.topic + " / " + x.partition), h("dd", {}, String(x.records) + " records")]))
      : h("p", { class: "muted" }, m.consumerLag
        ? "No Kafka partition is consumed for this monitor in this service yet (no record read, or not consuming)."
        : "No Kafka partition is consumed for this monitor in this service (HTTP ingestion only)."));
    if (!baseline) {
      baseline = await get(path + "/baseline");
      featureSel.replaceChildren(...baseline.profiles.map((p) => h("option", { value: p.name }, p.name)));
    }
    // redraw only on change: a window's state, events, or labels joined since it closed
    const sig = ws.windows.map((w) => w.start + ":" + w.state + ":" + w.events + ":"
      + (w.result && w.result.modelQuality ? w.result.modelQuality.labels : "")).join(",");
    if (sig !== drawn) {
      drawn = sig;
      draw(m, ws.windows);
      await loadHistograms();
    }
  }
  return {
    refresh,
    unmount() {
      for (const e of [shareEl, baseEl, qualityEl]) {
        const c = window.echarts.getInstanceByDom(e);
        if (c) c.dispose();
      }
    },
  };
}
