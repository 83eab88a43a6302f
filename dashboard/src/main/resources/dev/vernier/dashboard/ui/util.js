// Small DOM and formatting helpers shared by the pages.

/** Creates an element: h("td", {class: "num"}, "1.5", child, ...). */
export function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "class") e.className = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function num(x, digits = 4) {
  if (x === undefined || x === null || x === "") return "";
  if (typeof x !== "number") return String(x);
  if (!isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(3);
  return String(+x.toPrecision(digits));
}

export function time(iso) {
  if (iso === undefined || iso === null) return "";
  const d = typeof iso === "number" ? new Date(iso) : new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
}

export function duration(fromIso, toIso) {
  if (!fromIso) return "";
  const ms = (toIso ? new Date(toIso) : new Date()) - new Date(fromIso);
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return s + " s";
  if (s < 3600) return Math.floor(s / 60) + " min " + (s % 60) + " s";
  return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min";
}

export function state(s) {
  return h("span", { class: "state " + s }, s);
}

/** An ECharts instance on an element, created once, resized with the window. */
// Text made safe to put into markup: ECharts inserts a tooltip formatter's string as HTML, and
// strings from the service (a trial's stop reason, a command's stderr) are data, never markup.
export function html(text) {
  return String(text).replace(/[&<>"']/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

export function chart(el) {
  let c = window.echarts.getInstanceByDom(el);
  if (!c) {
    c = window.echarts.init(el, null, { renderer: "canvas" });
    new ResizeObserver(() => c.resize()).observe(el);
  }
  return c;
}

/** The samples of one metric in Prometheus's text format: [{labels: {k: v}, value}]. */
export function samples(scrape, name) {
  const out = [];
  const re = new RegExp("^" + name + "(?:\\{([^}]*)\\})? (\\S+)$", "gm");
  let m;
  while ((m = re.exec(scrape)) !== null) {
    const labels = {};
    for (const kv of (m[1] || "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[kv[1]] = kv[2];
    out.push({ labels, value: Number(m[2]) });
  }
  return out;
}
