// A feature x window heatmap drawn on one canvas: each cell is one pixel of an offscreen image
// (windows across, features down) scaled to the plot, so 1,000 windows x 784 features draw in a
// few milliseconds where a chart library's one element per cell takes seconds. Hovering shows the
// cell's window, feature and value. What was drawn stays on the element as `heatmap` (windows,
// features, and cells [x, y, value] computed when read) for the browser tests.
import { h, num } from "./util.js";

const STOPS = [[0xff, 0xf5, 0xeb], [0xfd, 0x8d, 0x3c], [0x7f, 0x27, 0x04]];
const EMPTY = [0xf2, 0xf2, 0xf2];
const MARGIN = { left: 110, right: 20, top: 10, bottom: 70 };

function colour(t) {
  const x = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  return STOPS[i].map((c, k) => Math.round(c + (STOPS[i + 1][k] - c) * f));
}

// 256 colours from 0 to max, as RGBA words (little-endian: 0xAABBGGRR), and the empty cell's
const LUT = new Uint32Array(256).map((_, i) => { const [r, g, b] = colour(i / 255); return (255 << 24 | b << 16 | g << 8 | r) >>> 0; });
const NONE = (255 << 24 | EMPTY[2] << 16 | EMPTY[1] << 8 | EMPTY[0]) >>> 0;

export class Heatmap {
  constructor(el) {
    this.el = el;
    this.canvas = h("canvas", { class: "heatmap" });
    this.tip = h("div", { class: "heatmap-tip", hidden: true });
    el.style.position = "relative";
    el.replaceChildren(this.canvas, this.tip);
    this.canvas.addEventListener("mousemove", (e) => this.hover(e));
    this.canvas.addEventListener("mouseleave", () => { this.tip.hidden = true; });
  }

  /**
   * Draws `grid` (a Float32Array of windows.length x features.length, row-major by feature: the
   * value of window x and feature y at y * windows.length + x; NaN for none) coloured from 0 to
   * `max`; cells without a value stay grey.
   */
  draw(windows, features, grid, max) {
    const nx = windows.length, ny = features.length;
    this.el.heatmap = {
      windows, features,
      get cells() { // [x, y, value] of every cell with a value, for the browser tests
        const out = [];
        for (let i = 0; i < grid.length; i++) if (grid[i] === grid[i]) out.push([i % nx, Math.floor(i / nx), grid[i]]);
        return out;
      },
    };
    this.grid = grid;
    this.windows = windows;
    this.features = features;
    const width = Math.max(300, this.el.clientWidth), height = Math.max(200, this.el.clientHeight);
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = width * ratio;
    this.canvas.height = height * ratio;
    this.canvas.style.width = width + "px";
    this.canvas.style.height = height + "px";
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const pw = width - MARGIN.left - MARGIN.right, ph = height - MARGIN.top - MARGIN.bottom;
    this.plot = { x: MARGIN.left, y: MARGIN.top, w: pw, h: ph };
    ctx.font = "11px sans-serif";
    ctx.fillStyle = "#555";
    if (nx === 0 || ny === 0) {
      ctx.fillText("No window has drift statistics yet.", MARGIN.left, MARGIN.top + 20);
      return;
    }
    const off = document.createElement("canvas");
    off.width = nx;
    off.height = ny;
    const img = off.getContext("2d").createImageData(nx, ny);
    const scale = 255 / (max > 0 ? max : 1);
    const words = new Uint32Array(img.data.buffer);
    for (let i = 0; i < grid.length; i++) {
      const v = grid[i];
      words[i] = v === v ? LUT[Math.max(0, Math.min(255, Math.round(v * scale)))] : NONE;
    }
    off.getContext("2d").putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, MARGIN.left, MARGIN.top, pw, ph);
    // axes: as many labels as fit
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    const yStep = Math.max(1, Math.ceil(ny / Math.max(1, Math.floor(ph / 14))));
    for (let y = 0; y < ny; y += yStep) {
      ctx.fillText(features[y], MARGIN.left - 4, MARGIN.top + (y + 0.5) * ph / ny);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const xStep = Math.max(1, Math.ceil(nx / Math.max(1, Math.floor(pw / 50))));
    for (let x = 0; x < nx; x += xStep) {
      ctx.fillText(windows[x], MARGIN.left + (x + 0.5) * pw / nx, MARGIN.top + ph + 4);
    }
    ctx.fillText("window", MARGIN.left + pw / 2, MARGIN.top + ph + 20);
    // the colour scale
    const lw = Math.min(200, pw), lx = MARGIN.left + (pw - lw) / 2, ly = height - 22;
    const g = ctx.createLinearGradient(lx, 0, lx + lw, 0);
    STOPS.forEach((c, i) => g.addColorStop(i / (STOPS.length - 1), `rgb(${c.join(",")})`));
    ctx.fillStyle = g;
    ctx.fillRect(lx, ly, lw, 10);
    ctx.fillStyle = "#555";
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    ctx.fillText("0", lx - 4, ly + 5);
    ctx.textAlign = "left";
    ctx.fillText(num(max || 1, 3), lx + lw + 4, ly + 5);
  }

  hover(e) {
    const p = this.plot;
    if (!p || !this.windows || !this.windows.length) return;
    const r = this.canvas.getBoundingClientRect();
    const px = e.clientX - r.left - p.x, py = e.clientY - r.top - p.y;
    const x = Math.floor(px / p.w * this.windows.length), y = Math.floor(py / p.h * this.features.length);
    if (px < 0 || py < 0 || x >= this.windows.length || y >= this.features.length) {
      this.tip.hidden = true;
      return;
    }
    const v = this.grid[y * this.windows.length + x];
    this.tip.replaceChildren("window " + this.windows[x], h("br"), this.features[y] + ": " + (v === v ? num(v) : "no value"));
    this.tip.style.left = (e.clientX - r.left + 12) + "px";
    this.tip.style.top = (e.clientY - r.top + 12) + "px";
    this.tip.hidden = false;
  }
}
