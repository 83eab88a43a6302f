// A monitor's latest windows kept in the page between polls, fetched as little as the monitor's
// counters allow. Every change to a window moves a counter in the same transaction: events into an
// open window (events_accepted, events_late), a window closed or failed (windows_closed,
// windows_failed), late labels re-evaluating a closed window (windows_reevaluated). So:
// - counters unchanged: nothing is fetched;
// - events or closings only: the windows from the oldest open one (or the newest known) on, with
//   their drift statistics (a few windows);
// - a re-evaluation: the whole list without statistics (a closed window's drift statistics, one
//   number per feature, never change), plus the statistics of closed windows not yet kept.
import { get } from "./api.js";

const MOVES = ["events_accepted", "events_late", "windows_closed", "windows_failed"];
const REEVALUATED = "windows_reevaluated";

export class WindowCache {
  constructor(path, limit) {
    this.list = path + "/windows?limit=" + limit;
    this.limit = limit;
    this.windows = null; // newest first
    this.counters = null;
    this.statistics = new Map(); // window start -> drift.statistics of a closed window
  }

  /** The latest windows given the monitor's `counters` now; the same array when nothing moved. */
  async update(counters) {
    const c = counters || {};
    const moved = (keys) => keys.some((k) => (c[k] || 0) !== (this.counters[k] || 0));
    if (this.windows === null) {
      this.windows = this.keep((await get(this.list)).windows);
    } else if (moved([REEVALUATED])) {
      await this.reload();
    } else if (moved(MOVES)) {
      const open = this.windows.filter((w) => w.state === "OPEN").map((w) => w.start);
      const from = open.length ? Math.min(...open) : this.windows.length ? this.windows[0].start : 0;
      const fresh = this.keep((await get(this.list + "&from=" + encodeURIComponent(from))).windows);
      const older = this.windows.filter((w) => w.start < from);
      this.windows = [...fresh, ...older].slice(0, this.limit);
    } else {
      this.counters = c;
      return this.windows;
    }
    this.counters = c;
    const starts = new Set(this.windows.map((w) => w.start));
    for (const s of [...this.statistics.keys()]) if (!starts.has(s)) this.statistics.delete(s);
    return this.windows;
  }

  async reload() {
    const ws = (await get(this.list + "&statistics=false")).windows;
    const missing = ws.filter((w) => w.state === "CLOSED" && w.result && w.result.drift && !this.statistics.has(w.start));
    if (missing.length) {
      const from = Math.min(...missing.map((w) => w.start));
      this.keep((await get(this.list + "&from=" + encodeURIComponent(from))).windows);
    }
    for (const w of ws) {
      if (w.result && w.result.drift && this.statistics.has(w.start)) w.result.drift.statistics = this.statistics.get(w.start);
    }
    this.windows = ws;
  }

  keep(ws) {
    for (const w of ws) {
      if (w.state === "CLOSED" && w.result && w.result.drift && w.result.drift.statistics) this.statistics.set(w.start, w.result.drift.statistics);
    }
    return ws;
  }
}
