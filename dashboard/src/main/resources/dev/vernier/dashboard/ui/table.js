// A table that sorts (click a header), filters (a text box over every column) and pages, drawn
// from rows of plain objects. Columns: {key, label, value(row), render(row), num, wrap, cls};
// rowAttrs(row) gives a row's attributes (e.g. {"data-window": 4}).
import { h } from "./util.js";

export class DataTable {
  constructor(columns, { pageSize = 50, id, rowClass, rowAttrs } = {}) {
    this.columns = columns;
    this.rowAttrs = rowAttrs;
    this.pageSize = pageSize;
    this.rowClass = rowClass;
    this.rows = [];
    this.sortKey = null;
    this.sortDir = 1;
    this.filter = "";
    this.keep = null; // a predicate from outside (e.g. a chart's selection)
    this.page = 0;
    this.filterInput = h("input", {
      type: "search", placeholder: "filter rows", "aria-label": "filter rows",
      oninput: (e) => { this.filter = e.target.value.toLowerCase(); this.page = 0; this.draw(); },
    });
    this.info = h("span");
    this.prev = h("button", { class: "secondary", type: "button", onclick: () => { this.page--; this.draw(); } }, "Previous");
    this.next = h("button", { class: "secondary", type: "button", onclick: () => { this.page++; this.draw(); } }, "Next");
    this.table = h("table", { id });
    this.el = h("div", {},
      h("div", { class: "toolbar" }, this.filterInput),
      this.table,
      h("div", { class: "pager" }, this.prev, this.info, this.next));
  }

  value(c, r) {
    return c.value ? c.value(r) : r[c.key];
  }

  setRows(rows) {
    this.rows = rows;
    this.draw();
  }

  setKeep(pred) {
    this.keep = pred;
    this.page = 0;
    this.draw();
  }

  visible() {
    let rows = this.rows;
    if (this.keep) rows = rows.filter(this.keep);
    if (this.filter) {
      rows = rows.filter((r) =>
        this.columns.some((c) => String(this.value(c, r) ?? "").toLowerCase().includes(this.filter)));
    }
    if (this.sortKey) {
      const c = this.columns.find((x) => x.key === this.sortKey);
      rows = [...rows].sort((a, b) => {
        const x = this.value(c, a), y = this.value(c, b);
        if (x === y) return 0;
        if (x === null || x === undefined || x === "") return 1;
        if (y === null || y === undefined || y === "") return -1;
        return (x < y ? -1 : 1) * this.sortDir;
      });
    }
    return rows;
  }

  draw() {
    const rows = this.visible();
    const pages = Math.max(1, Math.ceil(rows.length / this.pageSize));
    this.page = Math.min(Math.max(0, this.page), pages - 1);
    const shown = rows.slice(this.page * this.pageSize, (this.page + 1) * this.pageSize);
    const head = h("tr", {}, this.columns.map((c) => {
      const cls = "sortable" + (this.sortKey === c.key ? (this.sortDir > 0 ? " sorted-asc" : " sorted-desc") : "");
      return h("th", { class: cls, onclick: () => {
        if (this.sortKey === c.key) this.sortDir = -this.sortDir;
        else { this.sortKey = c.key; this.sortDir = 1; }
        this.draw();
      } }, c.label);
    }));
    const body = shown.map((r) => h("tr", { ...(this.rowAttrs ? this.rowAttrs(r) : {}), class: this.rowClass ? this.rowClass(r) : null },
      this.columns.map((c) => h("td", { class: c.cls || (c.num ? "num" : c.wrap ? "wrap" : null) },
        c.render ? c.render(r) : String(this.value(c, r) ?? "")))));
    if (shown.length === 0) {
      body.push(h("tr", {}, h("td", { colspan: this.columns.length, class: "muted" },
        this.rows.length ? "no row matches the filter" : "no rows yet")));
    }
    this.table.replaceChildren(h("thead", {}, head), h("tbody", {}, body));
    this.info.textContent = rows.length
      ? `rows ${this.page * this.pageSize + 1}–${this.page * this.pageSize + shown.length} of ${rows.length}`
        + (rows.length !== this.rows.length ? ` (of ${this.rows.length})` : "")
      : "";
    this.prev.disabled = this.page === 0;
    this.next.disabled = this.page >= pages - 1;
  }
}
