import { h } from "../util.js";
export async function mount(el) { el.append(h("h1", {}, "monitor")); return {}; }
