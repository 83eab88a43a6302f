// The dashboard's shell: the token (from the login form, this tab's session storage, or a
// #token=... link once the user confirms whose token it is), the caller's role, hash routes to
// pages, and polling: the visible page refreshes from the REST API every 2 s while the tab is
// visible.
import { ApiError, get, getAs, setToken, token } from "./api.js";

const PAGES = {
  jobs: () => import("./pages/jobs.js"),
  job: () => import("./pages/job.js"),
  submit: () => import("./pages/submit.js"),
  monitors: () => import("./pages/monitors.js"),
  monitor: () => import("./pages/monitor.js"),
  alerts: () => import("./pages/alerts.js"),
  fleet: () => import("./pages/fleet.js"),
};
const POLL_MS = 2000;

const $ = (id) => document.getElementById(id);
let me = null; // {tokenId, role}
let current = null; // {refresh, unmount}
let generation = 0;
let busy = false;

/**
 * Takes a token out of the address (#token=...) and returns it, or null. It is not stored: a link
 * someone else made would log this tab in as whoever they chose (login CSRF), so the user is asked
 * first (askAboutLinkToken).
 */
function tokenFromAddress() {
  const m = /^#token=([^&]*)/.exec(location.hash);
  if (!m) return null;
  history.replaceState(null, "", location.pathname + location.search + "#/jobs");
  try {
    return decodeURIComponent(m[1]) || null;
  } catch (e) {
    return null;
  }
}

/**
 * Shows whose token a link carries (the whoami of that token: id, role, description) and the tab's
 * current login if any, and stores the token only if the user accepts; otherwise the tab stays as
 * it was. A token the service refuses is never offered.
 */
async function askAboutLinkToken(linked) {
  let who;
  try {
    who = await getAs(linked, "/api/v1/whoami");
  } catch (e) {
    const reason = "The link's token was not used: " + e.message;
    if (token() && (me || (await login()))) {
      show().then(() => showError(new Error(reason)));
    } else {
      showLogin(reason);
    }
    return;
  }
  if (current && current.unmount) current.unmount();
  current = null;
  generation++;
  $("page").replaceChildren();
  $("page-error").hidden = true;
  $("login").hidden = true;
  $("nav").hidden = true;
  const facts = [["token", who.tokenId], ["role", who.role]];
  if (who.description) facts.push(["description", who.description]);
  if (who.createdAt) facts.push(["created", new Date(who.createdAt).toLocaleString()]);
  $("link-who").replaceChildren(...facts.flatMap(([k, v]) => {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    return [dt, dd];
  }));
  $("link-current").textContent = me
    ? "This tab is logged in as token " + me.tokenId + " (" + me.role + "); logging in from the link replaces it."
    : "";
  $("link-accept").textContent = "Log in as " + who.role;
  $("link-login").hidden = false;
  const answer = await new Promise((resolve) => {
    $("link-accept").onclick = () => resolve(true);
    $("link-cancel").onclick = () => resolve(false);
  });
  $("link-login").hidden = true;
  if (answer) setToken(linked);
  if (token() && (await login())) show();
  else if (!token()) showLogin("");
}

function showLogin(reason) {
  me = null;
  if (current && current.unmount) current.unmount();
  current = null;
  $("page").replaceChildren();
  $("page-error").hidden = true;
  $("nav").hidden = true;
  $("logout").hidden = true;
  $("who").textContent = "";
  $("link-login").hidden = true;
  $("login").hidden = false;
  $("login-reason").textContent = reason || "";
  $("login-token").focus();
}

/** Shows an API error where the user looks: 401 back to the login form, others above the page. */
export function showError(e) {
  if (e instanceof ApiError && e.status === 401) {
    setToken(null);
    showLogin("Logged out: " + e.message);
    return;
  }
  const el = $("page-error");
  el.hidden = false;
  el.textContent = e instanceof ApiError
    ? (e.status === 403 ? "Not allowed: " : e.status === 404 ? "Not found: " : "Error: ") + e.message
    : "Error: " + (e && e.message ? e.message : e);
}

function clearError() {
  $("page-error").hidden = true;
}

async function login() {
  try {
    me = await get("/api/v1/whoami");
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setToken(null);
      showLogin(e.message);
    } else {
      showLogin("Could not log in: " + e.message);
    }
    return false;
  }
  $("login").hidden = true;
  $("nav").hidden = false;
  $("logout").hidden = false;
  $("who").textContent = "token " + me.tokenId + " · " + me.role;
  document.body.dataset.role = me.role;
  for (const a of document.querySelectorAll(".writer-only")) a.hidden = !canWrite();
  return true;
}

export function canWrite() {
  return me !== null && (me.role === "admin" || me.role === "submitter");
}

function route() {
  const parts = (location.hash.replace(/^#\/?/, "") || "jobs").split("/").map(decodeURIComponent);
  // #/jobs/ID and #/monitors/ID (the singular spelling too) are the detail pages; a detail page
  // without an id is its list
  const list = { job: "jobs", monitor: "monitors" }[parts[0]] || parts[0];
  if (list === "jobs" && parts[1]) return { page: "job", params: { id: parts[1] } };
  if (list === "monitors" && parts[1]) return { page: "monitor", params: { id: parts[1] } };
  return { page: PAGES[list] ? list : "jobs", params: {} };
}

async function show() {
  if (!me) return;
  const { page, params } = route();
  const my = ++generation;
  if (current && current.unmount) current.unmount();
  current = null;
  clearError();
  for (const a of document.querySelectorAll("#nav a")) {
    a.classList.toggle("active", a.dataset.page === page || a.dataset.page + "" === page.replace(/s?$/, "s"));
  }
  const root = document.createElement("div");
  $("page").replaceChildren(root);
  const mod = await PAGES[page]();
  if (my !== generation) return;
  try {
    current = await mod.mount(root, { params, canWrite: canWrite(), role: me.role, showError, clearError });
    if (current && current.refresh) await refresh(my);
  } catch (e) {
    showError(e);
  }
}

async function refresh(my) {
  if (!current || !current.refresh || busy) return;
  busy = true;
  try {
    await current.refresh();
    if (my === generation) clearError();
  } catch (e) {
    if (my === generation) showError(e);
  } finally {
    busy = false;
  }
}

setInterval(() => {
  if (document.visibilityState === "visible" && me) refresh(generation);
}, POLL_MS);

$("login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  setToken($("login-token").value.trim());
  $("login-token").value = "";
  if (await login()) show();
});
$("logout").addEventListener("click", () => {
  setToken(null);
  showLogin("Logged out.");
});
window.addEventListener("hashchange", () => {
  if (/^#token=/.test(location.hash)) {
    const linked = tokenFromAddress();
    if (linked) askAboutLinkToken(linked);
    return;
  }
  show();
});

const linked = tokenFromAddress();
if (linked) {
  askAboutLinkToken(linked);
} else if (token()) {
  login().then((ok) => ok && show());
} else {
  showLogin("");
}
