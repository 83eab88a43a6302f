// The REST API as the pages call it: the token from session storage as a bearer token, JSON in
// and out, and every non-2xx answer thrown as an ApiError carrying the problem document.

const KEY = "vernier.token";

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(t) {
  if (t) sessionStorage.setItem(KEY, t);
  else sessionStorage.removeItem(KEY);
}

/** A failed call: the HTTP status and the problem document (or a made-up one for a network error). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || "HTTP " + status);
    this.status = status;
    this.problem = problem;
  }
}

async function send(method, path, body, contentType, accept, as) {
  const headers = { Accept: accept || "application/json, application/problem+json" };
  const t = as || token();
  if (t) headers.Authorization = "Bearer " + t;
  if (body !== undefined) headers["Content-Type"] = contentType || "application/json";
  let r;
  try {
    r = await fetch(path, { method, headers, body });
  } catch (e) {
    throw new ApiError(0, { title: "Server unreachable", detail: "the server did not answer (" + e.message + ")" });
  }
  return r;
}

async function problemOf(r) {
  const text = await r.text();
  try {
    return JSON.parse(text);
  } catch (e) {
    return { title: "HTTP " + r.status, detail: text || r.statusText };
  }
}

/** GET (or another method) a JSON document. */
export async function call(method, path, body) {
  const r = await send(method, path, body);
  if (!r.ok) throw new ApiError(r.status, await problemOf(r));
  if (r.status === 204) return null;
  return r.json();
}

export const get = (path) => call("GET", path);

/** GET a JSON document with another token than the tab's (a link's, before it is accepted). */
export async function getAs(t, path) {
  const r = await send("GET", path, undefined, undefined, undefined, t);
  if (!r.ok) throw new ApiError(r.status, await problemOf(r));
  return r.json();
}

/** GET a text document (Prometheus's scrape at /metrics). */
export async function getText(path) {
  const r = await send("GET", path, undefined, undefined, "text/plain, application/problem+json");
  if (!r.ok) throw new ApiError(r.status, await problemOf(r));
  return r.text();
}

/** Downloads a file the API serves (it needs the bearer token, so a plain link cannot). */
export async function download(path) {
  const r = await send("GET", path);
  if (!r.ok) throw new ApiError(r.status, await problemOf(r));
  const disposition = r.headers.get("Content-Disposition") || "";
  const m = /filename="?([^";]+)"?/.exec(disposition);
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = m ? m[1] : "download";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
