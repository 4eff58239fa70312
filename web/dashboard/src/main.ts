// The dashboard's entry: the session, the navigation and the router
// (hash routes, so the server serves only real files: #/networks/net_1).
import "./style.css";
import { Api, ApiError, type SessionInfo } from "./api";
import { h, replace } from "./dom";
import { IdleTimer } from "./logic";
import { routes, type Ctx } from "./views";

const kIdleMs = 30 * 60 * 1000; // the server's idle limit (docs/server.md)
// The session's descriptor (name, role, organisation, CSRF value) is kept in
// sessionStorage, which ends with the tab, so that a reload keeps the page
// signed in; it is no credential (the session is the HttpOnly cookie, which
// scripts cannot read) and is cleared on sign-out and on any 401.
const kStoreKey = "netvet.session";

const app = document.getElementById("app") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;
const who = document.getElementById("who") as HTMLElement;
let session: SessionInfo | null = loadSession();
let notice = "";
const idle = new IdleTimer(kIdleMs, () => Date.now());
let cleanup: (() => void)[] = [];

const api = new Api(
  (input, init) => fetch(input, init),
  () => endSession("Your session has ended (signed out, or 30 minutes without activity). Sign in again."),
);
api.csrf = session?.csrf ?? null;
// A large network being loaded for analysis answers 503 for a while; the
// client asks again (api.ts) and the page says why it is still loading.
api.onWaiting = (_path, waitedMs) => {
  const loading = app.querySelector("p.loading");
  if (loading !== null) {
    loading.textContent = `Loading… the server is preparing this network for analysis (a large network takes a while; ${Math.round(waitedMs / 1000)} s so far).`;
  }
};

function loadSession(): SessionInfo | null {
  try {
    const raw = sessionStorage.getItem(kStoreKey);
    return raw === null ? null : (JSON.parse(raw) as SessionInfo);
  } catch {
    return null;
  }
}

function endSession(message: string): void {
  session = null;
  api.csrf = null;
  sessionStorage.removeItem(kStoreKey);
  notice = message;
  if (location.hash !== "#/signin") location.hash = "#/signin";
  else void render();
}

export function isRegulator(s: SessionInfo | null): boolean {
  return s !== null && s.role.startsWith("regulator");
}

function home(s: SessionInfo): string {
  if (isRegulator(s)) return "#/queue";
  if (s.role === "admin") return "#/admin";
  return "#/networks";
}

function drawNav(): void {
  if (session === null) {
    replace(nav);
    replace(who);
    return;
  }
  const links: [string, string][] = isRegulator(session)
    ? [
        ["#/queue", "Notifications"],
        ["#/national", "National view"],
        ["#/networks", "Networks"],
        ["#/log", "Log"],
      ]
    : [
        ["#/networks", "Networks"],
        ["#/proposals", "Proposals"],
        ["#/log", "Log"],
      ];
  const current = location.hash.split("/").slice(0, 2).join("/");
  replace(
    nav,
    h(
      "ul",
      {},
      links.map(([href, text]) =>
        h("li", {}, h("a", { href, "aria-current": current === href ? "page" : undefined }, text)),
      ),
    ),
  );
  replace(
    who,
    h("span", { class: "who" }, `${session.user} · ${session.org} · ${session.role.replace(/_/g, " ")}`),
    h("button", { type: "button", id: "sign-out", onclick: () => void signOut() }, "Sign out"),
  );
}

async function signOut(): Promise<void> {
  try {
    await api.signOut();
  } catch {
    // signed out either way
  }
  endSession("You have signed out.");
}

async function render(): Promise<void> {
  cleanup.forEach((f) => f());
  cleanup = [];
  const path = location.hash.replace(/^#/, "") || "/";
  if (session === null && path !== "/signin") {
    location.hash = "#/signin";
    return;
  }
  if (session !== null && (path === "/" || path === "/signin")) {
    location.hash = home(session);
    return;
  }
  drawNav();
  const ctx: Ctx = {
    api,
    session,
    notice,
    onCleanup: (f) => cleanup.push(f),
    signedIn: (s) => {
      session = s;
      notice = "";
      sessionStorage.setItem(kStoreKey, JSON.stringify(s));
      idle.touch();
      location.hash = home(s);
    },
    go: (hash) => {
      location.hash = hash;
    },
  };
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (m) {
      replace(app, h("p", { class: "loading", role: "status" }, "Loading…"));
      try {
        const view = await r.view(ctx, m.slice(1));
        replace(app, view);
        document.title = `${app.querySelector("h1")?.textContent ?? ""} · netvet`;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return; // back to sign-in already
        const msg = e instanceof Error ? e.message : String(e);
        // Another tenant's object and one that does not exist get the same 404 (docs/server.md).
        const title = e instanceof ApiError && e.status === 404 ? "Not found" : "Something went wrong";
        replace(app, h("h1", {}, title), h("p", { class: "error", role: "alert" }, msg));
      }
      return;
    }
  }
  replace(app, h("h1", {}, "Not found"), h("p", {}, `No screen at ${path}.`));
}

for (const ev of ["pointerdown", "keydown"]) {
  window.addEventListener(ev, () => idle.touch(), { passive: true });
}
window.setInterval(() => {
  if (session !== null && idle.expired()) {
    void api.signOut().catch(() => undefined);
    endSession("You were signed out after 30 minutes without activity.");
  }
}, 15_000);
window.addEventListener("hashchange", () => void render());
void render();
