// The screens. Each view fetches what it shows through the API client and
// returns its element; the router (main.ts) places it.
import type { Api, SessionInfo } from "./api";
import { ApiError } from "./api";
import { h, replace } from "./dom";
import {
  ageDays,
  conversionLine,
  daysUntil,
  decisionLabel,
  hhiBand,
  layerShares,
  planQuery,
  proposalAsYaml,
  proposalFromText,
  vendorSiteCounts,
  type Conversion,
  type VendorLayerRow,
} from "./logic";
import { dataTable, type Column } from "./table";
import { badge, errorBox } from "./ui";
import { logView } from "./log";
import type { Checkpoint } from "./verify";
import { timelineSection, waiversSection } from "./compliance";
import type { Site } from "./map";

export interface Ctx {
  api: Api;
  session: SessionInfo | null;
  notice: string;
  onCleanup: (f: () => void) => void;
  signedIn: (s: SessionInfo) => void;
  go: (hash: string) => void;
}

interface Route {
  pattern: RegExp;
  view: (ctx: Ctx, args: string[]) => Promise<HTMLElement | DocumentFragment>;
}

interface Network {
  id: string;
  name: string;
  jurisdiction?: string;
  elements: number;
  links: number;
  created_at: string;
}
interface Source {
  instrument: string;
  section: string;
  date: string;
  url: string;
}
interface Finding {
  rule: string;
  level: string;
  title: string;
  summary?: string;
  kind: string;
  source: Source;
  element_total: number;
  cap?: { max_percent: number; counted_in: string; region: string; after: { share: number } };
}
interface Decision {
  decision: string;
  reasons: string;
  conditions: string[];
  decided_at?: string;
  decided_by?: string;
  checkpoint?: Checkpoint | null;
}
interface Change {
  id?: string;
  function?: string;
  vendor?: string;
  model?: string;
  region?: string;
  count?: number;
}
interface InfoRequest {
  kind: string;
  reasons: string;
  by: string;
  at: number;
}
interface Proposal {
  id: string;
  state: string;
  network: string;
  org: string;
  jurisdiction: string;
  version: number;
  created_at: string;
  submitted_at: string | null;
  recommendation: string;
  supersedes?: string | null;
  requests?: InfoRequest[];
  decision: Decision | null;
  proposal: { title?: string; summary?: string; date?: string; add?: Change[]; remove?: Change[] };
  pack: { id: string; version: string; sha256: string };
  assessment?: {
    decision: string;
    decision_meaning: string;
    notes: string[];
    findings: Finding[];
    risk?: { precedents?: { id: string; operator: string; vendor: string; outcome: string; agrees: boolean; text: string }[] };
    dependencies?: { vendor: string; added_access: number; added_subscribers: number; existing_subscribers: number }[];
  };
}

const kLayerOrder = ["access", "transport", "core", "management", "security"];

function sourceCell(s: Source): HTMLElement {
  const text = [s.instrument, s.section, s.date].filter((x) => x).join(", ");
  return h(
    "span",
    { class: "source" },
    s.url ? h("a", { href: s.url, rel: "noreferrer noopener", target: "_blank" }, text) : text,
  );
}

// ---- sign-in
async function signIn(ctx: Ctx): Promise<HTMLElement> {
  const name = h("input", { id: "name", name: "username", autocomplete: "username", required: true });
  const password = h("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const message = h("div", { "aria-live": "polite" }, ctx.notice ? h("p", { class: "notice" }, ctx.notice) : null);
  const form = h(
    "form",
    { class: "signin", novalidate: false },
    h("label", { for: "name" }, "Name"),
    name,
    h("label", { for: "password" }, "Password"),
    password,
    h("button", { type: "submit" }, "Sign in"),
    message,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void ctx.api
      .signIn(name.value, password.value)
      .then((s) => ctx.signedIn(s))
      .catch((e: unknown) => {
        password.value = "";
        replace(
          message,
          errorBox(e instanceof ApiError && e.status === 401 ? new Error("Wrong name or password.") : e),
        );
      });
  });
  return h("div", { class: "narrow" }, h("h1", {}, "Sign in to netvet"), form, resetForm(ctx, name));
}

// A forgotten password: the one-time code an administrator issued
// (`netvet admin reset-code`); the person chooses the new password here.
function resetForm(ctx: Ctx, signInName: HTMLInputElement): HTMLElement {
  const name = h("input", { id: "reset-name", name: "username", autocomplete: "username", required: true });
  const code = h("input", { id: "reset-code", name: "one-time-code", autocomplete: "one-time-code", required: true });
  const password = h("input", {
    id: "reset-password",
    name: "new-password",
    type: "password",
    autocomplete: "new-password",
    minlength: 12,
    required: true,
  });
  const message = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "signin" },
    h("label", { for: "reset-name" }, "Name"),
    name,
    h("label", { for: "reset-code" }, "Reset code"),
    code,
    h("label", { for: "reset-password" }, "New password (at least 12 characters)"),
    password,
    h("button", { type: "submit" }, "Set password"),
    message,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void ctx.api
      .resetPassword(name.value, code.value, password.value)
      .then(() => {
        password.value = "";
        code.value = "";
        signInName.value = name.value;
        replace(message, h("p", { class: "notice" }, "Password set: sign in with it above."));
      })
      .catch((e: unknown) => {
        password.value = "";
        replace(message, errorBox(e));
      });
  });
  return h("details", { class: "reset" }, h("summary", {}, "Have a reset code?"), form);
}

// ---- networks
async function networks(ctx: Ctx): Promise<HTMLElement> {
  const list = await ctx.api.get<{ items: Network[] } | Network[]>("/networks");
  const items = Array.isArray(list) ? list : list.items;
  const cols: Column<Network>[] = [
    { key: "id", label: "Id", value: (n) => n.id, render: (n) => h("a", { href: `#/networks/${n.id}` }, n.id) },
    { key: "name", label: "Name", value: (n) => n.name },
    { key: "elements", label: "Elements", value: (n) => n.elements, numeric: true },
    { key: "links", label: "Links", value: (n) => n.links, numeric: true },
    { key: "created_at", label: "Uploaded", value: (n) => n.created_at },
  ];
  const out = h("div", {}, h("h1", {}, "Networks"), dataTable(items, cols, { caption: "Networks", id: "networks" }));
  if (ctx.session?.role === "operator_editor") out.appendChild(uploadForm(ctx));
  return out;
}

function uploadForm(ctx: Ctx): HTMLElement {
  const name = h("input", { id: "net-name", required: true, pattern: "[A-Za-z0-9._\\-]+" });
  const elements = h("input", { id: "net-elements", type: "file", accept: ".csv,text/csv", required: true });
  const links = h("input", { id: "net-links", type: "file", accept: ".csv,text/csv" });
  const message = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "upload" },
    h("h2", {}, "Upload a network"),
    h("p", {}, "The network CSV pair of docs/formats/network-csv.md: elements.csv and, optionally, links.csv."),
    h("label", { for: "net-name" }, "Name"),
    name,
    h("label", { for: "net-elements" }, "Elements (CSV)"),
    elements,
    h("label", { for: "net-links" }, "Links (CSV)"),
    links,
    h("button", { type: "submit" }, "Upload"),
    message,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const file = elements.files?.[0];
    if (!file) return;
    const body = new FormData();
    body.append("elements", file, "elements.csv");
    const l = links.files?.[0];
    if (l) body.append("links", l, "links.csv");
    replace(message, h("p", {}, "Uploading…"));
    void ctx.api
      .post<Network>(`/networks?name=${encodeURIComponent(name.value)}`, body)
      .then((n) => ctx.go(`#/networks/${n.id}`))
      .catch((e: unknown) => replace(message, errorBox(e)));
  });
  return form;
}

// ---- one network: overview, shares against the caps, HHI, compliance matrix
interface Exposure {
  by_vendor_layer: (VendorLayerRow & { sites: number })[];
}
interface Summary {
  elements: number;
  links: number;
  sites: number;
  regions: number;
  vendors: number;
  subscribers: number;
}
interface AuditAll {
  as_of: string;
  jurisdictions: {
    days_left: number | null;
    policy: string;
    name: string;
    worst: string;
    significant: number;
    risk: number;
    info: number;
    elements_at_issue: number;
    next_deadline: string;
    next_rule: string;
  }[];
}
interface Audit {
  findings: Finding[];
  policy: { id: string; name: string };
  as_of: string;
}

async function network(ctx: Ctx, [id]: string[]): Promise<HTMLElement> {
  const net = encodeURIComponent(id ?? "");
  const [meta, summary, exposure, all, sites] = await Promise.all([
    ctx.api.get<Network>(`/networks/${net}`),
    ctx.api.get<Summary>(`/networks/${net}/summary`),
    ctx.api.get<Exposure>(`/networks/${net}/exposure`),
    ctx.api.get<AuditAll>(`/networks/${net}/audit?policy=all`),
    ctx.api.get<{ sites: Site[]; unplaced_elements: number; aggregated: boolean; cell_degrees: number | null }>(
      `/networks/${net}/sites`,
    ),
  ]);
  const layers = layerShares(exposure.by_vendor_layer, kLayerOrder);
  const packs = all.jurisdictions.map((j) => j.policy);
  const select = h(
    "select",
    { id: "pack" },
    all.jurisdictions.map((j) => h("option", { value: j.policy }, `${j.name} (${j.policy})`)),
  );
  const chartBox = h("div", { class: "chart", id: "share-chart", role: "img", "aria-label": "Vendor share by layer" });
  const capsBox = h("div", { id: "caps" });
  const figures = h(
    "dl",
    { class: "figures" },
    [
      ["Elements", summary.elements],
      ["Links", summary.links],
      ["Sites", summary.sites],
      ["Regions", summary.regions],
      ["Vendors", summary.vendors],
      ["Subscribers", summary.subscribers.toLocaleString("en")],
    ].map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v))),
  );
  const hhiTable = h(
    "table",
    { id: "hhi" },
    h("caption", {}, "Concentration by layer (HHI of element shares)"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Layer", "Elements", "Largest vendor", "Share", "HHI", "Reading"].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      {},
      layers.map((l) =>
        h(
          "tr",
          {},
          h("td", {}, l.layer),
          h("td", { class: "num" }, l.elements),
          h("td", {}, l.vendors[0]?.vendor ?? "—"),
          h("td", { class: "num" }, `${((l.vendors[0]?.share ?? 0) * 100).toFixed(1)} %`),
          h("td", { class: "num" }, l.hhi),
          h("td", {}, hhiBand(l.hhi)),
        ),
      ),
    ),
  );
  let dispose: (() => void) | null = null;
  const drawCaps = async (pack: string) => {
    const audit = await ctx.api.get<Audit>(`/networks/${net}/audit?policy=${encodeURIComponent(pack)}`);
    const caps = audit.findings.filter((f) => f.cap);
    const { shareChart } = await import("./chart");
    dispose?.();
    dispose = shareChart(
      chartBox,
      layers,
      caps.map((f) => ({ label: f.rule, percent: f.cap?.max_percent ?? 0 })),
    );
    replace(
      capsBox,
      caps.length === 0
        ? h("p", {}, `No cap of ${audit.policy.name} applies to this network on ${audit.as_of}.`)
        : h(
            "ul",
            {},
            caps.map((f) =>
              h(
                "li",
                {},
                `${f.rule}: at most ${f.cap?.max_percent} % (${f.cap?.counted_in}${f.cap?.region ? ", " + f.cap.region : ""}); now ${((f.cap?.after.share ?? 0) * 100).toFixed(1)} % — `,
                sourceCell(f.source),
              ),
            ),
          ),
    );
  };
  select.addEventListener("change", () => void drawCaps(select.value).catch(() => undefined));
  ctx.onCleanup(() => dispose?.());
  // The caps first drawn: the network's own jurisdiction's, when netvet has its pack.
  const home = meta.jurisdiction?.toLowerCase() ?? "";
  const first = packs.includes(home) ? home : packs.includes("nz") ? "nz" : (packs[0] ?? "");
  select.value = first;
  const byLayer = exposure.by_vendor_layer.map((r) => ({ ...r }));
  const asOf = h("input", { id: "as-of", type: "date", value: all.as_of });
  const matrixBox = h("div", { id: "matrix-box" });
  const view = h(
    "div",
    {},
    h("h1", {}, `Network ${meta.name}`),
    h("p", {}, `${meta.id}, uploaded ${meta.created_at}.`),
    h("p", {}, h("a", { href: `#/networks/${meta.id}/plan`, id: "plan-link" }, "Removal plan")),
    figures,
    h("h2", {}, "Vendor share of each layer"),
    h("label", { for: "pack" }, "Caps of the jurisdiction "),
    select,
    chartBox,
    capsBox,
    hhiTable,
    h("h2", {}, "Elements by layer and vendor"),
    dataTable(
      byLayer,
      [
        { key: "layer", label: "Layer", value: (r) => r.layer },
        { key: "vendor", label: "Vendor", value: (r) => r.vendor },
        { key: "elements", label: "Elements", value: (r) => r.elements, numeric: true },
        { key: "sites", label: "Sites", value: (r) => r.sites, numeric: true },
        { key: "share", label: "Share of layer", value: (r) => Math.round(r.element_share * 1000) / 10, numeric: true },
      ],
      { caption: "Elements by layer and vendor", id: "by-layer", exportName: `${meta.name}-by-layer` },
    ),
    h("h2", {}, "Compliance in every jurisdiction"),
    h("label", { for: "as-of" }, "As of "),
    asOf,
    matrixBox,
    timelineSection(
      ctx.api,
      net,
      meta.name,
      all.jurisdictions,
      all.as_of,
      all.jurisdictions.filter((j) => j.next_deadline !== "").map((j) => j.policy),
    ),
    waiversSection(ctx.api, meta.id, all.jurisdictions, {
      assessor: ctx.session?.role === "regulator_assessor",
      home: home || first,
      today: all.as_of,
    }),
  );
  const drawMatrix = (jurisdictions: AuditAll["jurisdictions"]) =>
    replace(
      matrixBox,
      dataTable(
      jurisdictions,
      [
        { key: "policy", label: "Pack", value: (j) => j.policy },
        { key: "name", label: "Jurisdiction", value: (j) => j.name },
        { key: "worst", label: "Worst", value: (j) => j.worst },
        { key: "significant", label: "Significant", value: (j) => j.significant, numeric: true },
        { key: "risk", label: "Risk", value: (j) => j.risk, numeric: true },
        { key: "elements_at_issue", label: "Elements at issue", value: (j) => j.elements_at_issue, numeric: true },
        { key: "next_deadline", label: "Next deadline", value: (j) => j.next_deadline },
        { key: "days_left", label: "Days left", value: (j) => j.days_left, numeric: true },
        { key: "next_rule", label: "Rule", value: (j) => j.next_rule },
      ],
      { caption: "Audit against every pack (audit?policy=all)", id: "matrix", exportName: `${meta.name}-matrix` },
      ),
    );
  drawMatrix(all.jurisdictions);
  asOf.addEventListener("change", () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf.value)) return;
    void ctx.api
      .get<AuditAll>(`/networks/${net}/audit?policy=all&as_of=${asOf.value}`)
      .then((m) => drawMatrix(m.jurisdictions))
      .catch((e: unknown) => replace(matrixBox, errorBox(e)));
  });
  const siteCounts = vendorSiteCounts(sites.sites);
  const vendorSelect = h(
    "select",
    { id: "map-vendor" },
    siteCounts.map(([v, n]) => h("option", { value: v }, `${v} (${n} ${sites.aggregated ? "cells" : "sites"})`)),
  );
  const mapBox = h("div", { class: "map", id: "site-map" });
  const colour = h(
    "select",
    { id: "map-colour" },
    h("option", { value: "equipment" }, "has equipment there"),
    h("option", { value: "outage" }, "would cut service there if it failed"),
  );
  const legendWith = h("span", {}, " with the vendor's equipment ");
  const legendWithout = h("span", {}, " without");
  const mapNote = h("span", { id: "map-note", "aria-live": "polite" });
  view.insertBefore(
    h(
      "section",
      {},
      h("h2", {}, "Sites"),
      h("label", { for: "map-vendor" }, "Sites where "),
      vendorSelect,
      " ",
      h("label", { for: "map-colour" }, "colour by whether it "),
      colour,
      h(
        "p",
        { class: "legend" },
        h("span", { class: "dot with" }),
        legendWith,
        h("span", { class: "dot without" }),
        legendWithout,
        sites.unplaced_elements > 0 ? ` · ${sites.unplaced_elements} elements without coordinates are not shown` : "",
        sites.aggregated ? ` · sites grouped in cells of ${sites.cell_degrees}°, circles sized by their sites` : "",
        " ",
        mapNote,
      ),
      mapBox,
    ),
    view.querySelector("h2"),
  );
  // Drawn once the view is in the page (ECharts and Leaflet measure their box).
  requestAnimationFrame(() => {
    void drawCaps(first).catch(() => undefined);
    void import("./map").then(({ siteMap }) => {
      const mode = () => (colour.value === "outage" ? "outage" : "equipment");
      const m = siteMap(mapBox, sites.sites, () => ({ vendor: vendorSelect.value, mode: mode() }));
      const recolour = () => {
        const outage = mode() === "outage";
        legendWith.textContent = outage ? " service cut by the vendor's outage " : " with the vendor's equipment ";
        legendWithout.textContent = outage ? " not cut" : " without";
        if (!outage) {
          mapNote.textContent = "";
          m.redraw(sites.sites);
          return;
        }
        void ctx.api
          .get<{ sites: Site[]; outage: { vendor: string; subscribers_cut: number } }>(
            `/networks/${net}/sites?outage=${encodeURIComponent(vendorSelect.value)}`,
          )
          .then((cut) => {
            mapNote.textContent = `· ${cut.outage.vendor}'s outage cuts ${cut.outage.subscribers_cut.toLocaleString("en")} subscribers`;
            m.redraw(cut.sites);
          })
          .catch((e: unknown) => replace(mapNote, errorBox(e)));
      };
      vendorSelect.addEventListener("change", recolour);
      colour.addEventListener("change", recolour);
      ctx.onCleanup(() => m.dispose());
    });
  });
  return view;
}

// ---- proposals: the operator's list and the regulator's queue
function proposalColumns(now: Date): Column<Proposal>[] {
  return [
    { key: "id", label: "Id", value: (p) => p.id, render: (p) => h("a", { href: `#/proposals/${p.id}` }, p.id) },
    { key: "title", label: "Title", value: (p) => p.proposal.title ?? "" },
    { key: "org", label: "Operator", value: (p) => p.org },
    { key: "state", label: "State", value: (p) => p.state, render: (p) => badge(p.state.replace(/_/g, " "), p.state) },
    {
      key: "age",
      label: "Age (days)",
      value: (p) => ageDays(p.submitted_at ?? p.created_at, now),
      numeric: true,
    },
    {
      key: "recommendation",
      label: "netvet recommends",
      value: (p) => p.recommendation,
      render: (p) => badge(decisionLabel(p.recommendation), p.recommendation),
    },
    { key: "decision", label: "Decision", value: (p) => p.decision?.decision ?? null, render: (p) => decisionLabel(p.decision?.decision) },
  ];
}

async function proposals(ctx: Ctx, _args: string[], queue = false): Promise<HTMLElement> {
  const state = new URLSearchParams(location.hash.split("?")[1] ?? "").get("state") ?? "";
  const list = await ctx.api.get<{ items: Proposal[] }>(
    `/proposals?limit=500${state ? `&state=${encodeURIComponent(state)}` : ""}`,
  );
  const stateSelect = h(
    "select",
    { id: "state-filter" },
    ["", "draft", "submitted", "info_requested", "decided", "withdrawn", "superseded"]
      .filter((s) => !(queue && s === "draft"))
      .map((s) => h("option", { value: s, selected: s === state }, s === "" ? "every state" : s.replace(/_/g, " "))),
  );
  stateSelect.addEventListener("change", () => {
    ctx.go(`#/${queue ? "queue" : "proposals"}${stateSelect.value ? `?state=${stateSelect.value}` : ""}`);
  });
  return h(
    "div",
    {},
    h("h1", {}, queue ? "Notifications to assess" : "Proposals"),
    h("label", { for: "state-filter" }, "State "),
    stateSelect,
    queue || ctx.session?.role !== "operator_editor"
      ? null
      : h("p", {}, h("a", { href: "#/proposals/new", class: "button" }, "Write or upload a proposal")),
    dataTable(list.items, proposalColumns(new Date()), {
      caption: queue ? "Notifications of the jurisdiction" : "Proposals of the organisation",
      id: "proposals",
    }),
  );
}

// A proposal form's submit: the text read as YAML or JSON (an error shown
// in `message` when it is not a proposal), then `send` with it.
function onProposalText(
  form: HTMLFormElement,
  text: HTMLTextAreaElement,
  message: HTMLElement,
  send: (proposal: Record<string, unknown>) => Promise<void>,
): void {
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    let parsed;
    try {
      parsed = proposalFromText(text.value);
    } catch (e) {
      replace(message, errorBox(e));
      return;
    }
    replace(message, h("p", {}, "Assessing…"));
    void send(parsed.proposal).catch((e: unknown) => replace(message, errorBox(e)));
  });
}

async function newProposal(ctx: Ctx): Promise<HTMLElement> {
  const nets = await ctx.api.get<{ items: Network[] } | Network[]>("/networks");
  const items = Array.isArray(nets) ? nets : nets.items;
  const netSelect = h(
    "select",
    { id: "prop-network", required: true },
    items.map((n) => h("option", { value: n.id }, `${n.name} (${n.id})`)),
  );
  const text = h("textarea", { id: "prop-text", rows: 16, spellcheck: false, required: true });
  const file = h("input", { id: "prop-file", type: "file", accept: ".yaml,.yml,.json" });
  file.addEventListener("change", () => {
    const f = file.files?.[0];
    if (f) void f.text().then((t) => (text.value = t));
  });
  const message = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "proposal-form" },
    h("label", { for: "prop-network" }, "Network"),
    netSelect,
    h("label", { for: "prop-file" }, "Load a proposal file (YAML or JSON)"),
    file,
    h("label", { for: "prop-text" }, "Proposal (docs/formats/proposal.md)"),
    text,
    h("button", { type: "submit" }, "Assess"),
    message,
  );
  onProposalText(form, text, message, (proposal) =>
    ctx.api
      .post<Proposal>("/proposals", { network: netSelect.value, proposal })
      .then((p) => ctx.go(`#/proposals/${p.id}`)),
  );
  return h(
    "div",
    {},
    h("h1", {}, "New proposal"),
    h(
      "p",
      {},
      "netvet assesses it at once against the network chosen here, under your organisation's jurisdiction. " +
        "A network or operator member in the text is ignored: the network is the one chosen, the operator your organisation.",
    ),
    form,
  );
}

async function proposal(ctx: Ctx, [id]: string[]): Promise<HTMLElement> {
  const pid = encodeURIComponent(id ?? "");
  const p = await ctx.api.get<Proposal>(`/proposals/${pid}`);
  const a = p.assessment;
  const role = ctx.session?.role ?? "";
  const message = h("div", { "aria-live": "polite" });
  const act = (path: string, body?: unknown) => {
    void ctx.api
      .post<Proposal>(`/proposals/${pid}/${path}`, body)
      .then(() => ctx.go(`#/proposals/${p.id}?t=${Date.now()}`))
      .catch((e: unknown) => replace(message, errorBox(e)));
  };
  const actions = h("div", { class: "actions" });
  if (role === "operator_editor" && p.state === "draft") {
    actions.appendChild(h("button", { type: "button", id: "submit", onclick: () => act("submit") }, "Submit to the regulator"));
  }
  if (role === "operator_editor" && ["draft", "submitted", "info_requested"].includes(p.state)) {
    actions.appendChild(h("button", { type: "button", id: "withdraw", class: "secondary", onclick: () => act("withdraw") }, "Withdraw"));
  }
  const findings = a?.findings ?? [];
  return h(
    "div",
    {},
    h("h1", {}, `${p.proposal.title ?? p.id}`),
    h(
      "dl",
      { class: "figures" },
      [
        ["Proposal", `${p.id} (version ${p.version})`],
        ["Operator", p.org],
        ["Network", p.network],
        ["State", p.state.replace(/_/g, " ")],
        ["Pack", `${p.pack.id} ${p.pack.version}`],
      ].map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", { id: `f-${(k ?? "").toLowerCase()}` }, v))),
    ),
    p.supersedes ? h("p", {}, "Amends ", h("a", { href: `#/proposals/${p.supersedes}` }, p.supersedes), ".") : null,
    requestsSection(p),
    p.proposal.summary ? h("p", {}, p.proposal.summary) : null,
    h(
      "section",
      { class: "recommendation", id: "recommendation" },
      h("h2", {}, "netvet's self-assessment"),
      h("p", {}, "Recommendation: ", badge(decisionLabel(p.recommendation), p.recommendation)),
      a ? h("p", {}, a.decision_meaning) : null,
    ),
    h("h2", {}, "Findings and their legal sources"),
    dataTable(
      findings,
      [
        { key: "level", label: "Level", value: (f) => f.level, render: (f) => badge(f.level, f.level) },
        { key: "rule", label: "Rule", value: (f) => f.rule },
        { key: "title", label: "Finding", value: (f) => f.title },
        { key: "elements", label: "Elements", value: (f) => f.element_total, numeric: true },
        {
          key: "source",
          label: "Legal source",
          value: (f) => [f.source.instrument, f.source.section, f.source.date].filter((x) => x).join(", "),
          render: (f) => sourceCell(f.source),
        },
      ],
      { caption: "Findings", id: "findings", exportName: `${p.id}-findings` },
    ),
    a?.dependencies && a.dependencies.length > 0
      ? h(
          "table",
          { id: "dependencies" },
          h("caption", {}, "Dependency on each vendor the proposal adds"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["Vendor", "Access elements added", "Subscribers added", "Subscribers already on it"].map((t) =>
                h("th", { scope: "col" }, t),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            a.dependencies.map((d) =>
              h(
                "tr",
                {},
                h("td", {}, d.vendor),
                h("td", { class: "num" }, d.added_access),
                h("td", { class: "num" }, d.added_subscribers.toLocaleString("en")),
                h("td", { class: "num" }, d.existing_subscribers.toLocaleString("en")),
              ),
            ),
          ),
        )
      : null,
    a && a.notes.length > 0 ? h("details", {}, h("summary", {}, "The reasoning"), h("ul", {}, a.notes.map((n) => h("li", {}, n)))) : null,
    a?.risk?.precedents && a.risk.precedents.length > 0
      ? h(
          "section",
          {},
          h("h2", {}, "Precedents"),
          h(
            "ul",
            {},
            a.risk.precedents.map((x) =>
              h("li", {}, `${x.operator}, ${x.vendor}: ${decisionLabel(x.outcome)} — ${x.text}${x.agrees ? " (agrees)" : ""}`),
            ),
          ),
        )
      : null,
    h("h2", {}, "Decision"),
    p.decision
      ? h(
          "section",
          { id: "decision" },
          h("p", {}, "The regulator decided: ", badge(decisionLabel(p.decision.decision), p.decision.decision)),
          h("p", {}, "Reasons: ", p.decision.reasons),
          p.decision.conditions.length > 0 ? h("ul", {}, p.decision.conditions.map((c) => h("li", {}, c))) : null,
          h("p", {}, h("a", { href: `#/proposals/${p.id}/letter`, id: "letter-link" }, "The decision letter (printable)")),
        )
      : h("p", { id: "decision" }, "No decision yet."),
    role === "regulator_assessor" && p.state === "submitted" ? decisionForm(ctx, p) : null,
    role === "regulator_assessor" && p.state === "submitted" ? requestInfoForm(ctx, p) : null,
    role === "operator_editor" && p.state === "info_requested" ? answerForm(ctx, p) : null,
    actions,
    message,
  );
}

function decisionForm(ctx: Ctx, p: Proposal): HTMLElement {
  const decision = h(
    "select",
    { id: "decision-value" },
    ["significant_risk", "risk_to_address", "no_significant_risk"].map((d) =>
      h("option", { value: d, selected: d === p.recommendation }, decisionLabel(d)),
    ),
  );
  const reasons = h("textarea", { id: "decision-reasons", rows: 4, required: true });
  const conditions = h("textarea", { id: "decision-conditions", rows: 3 });
  const message = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "decision-form" },
    h("h2", {}, "Record the decision"),
    h("label", { for: "decision-value" }, "Decision"),
    decision,
    h("label", { for: "decision-reasons" }, "Reasons"),
    reasons,
    h("label", { for: "decision-conditions" }, "Conditions (one a line; required for a risk to address)"),
    conditions,
    h("button", { type: "submit" }, "Record the decision"),
    message,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const conds = conditions.value
      .split("\n")
      .map((c) => c.trim())
      .filter((c) => c !== "");
    void ctx.api
      .post<Proposal>(`/proposals/${encodeURIComponent(p.id)}/decision`, {
        decision: decision.value,
        reasons: reasons.value,
        conditions: conds,
      })
      .then(() => ctx.go(`#/proposals/${p.id}?decided`))
      .catch((e: unknown) => replace(message, errorBox(e)));
  });
  return form;
}

// ---- requests for information (TICSA s51): the regulator asks, the
// operator answers with an amended proposal (POST /proposals/{id}/amend: a
// new version, a draft, that supersedes this one) and submits it again.
function requestsSection(p: Proposal): HTMLElement | null {
  const list = p.requests ?? [];
  if (list.length === 0) return null;
  return h(
    "section",
    { id: "requests", class: "recommendation" },
    h("h2", {}, "The regulator's requests"),
    h(
      "ol",
      {},
      list.map((r) =>
        h(
          "li",
          {},
          h("strong", {}, r.kind === "mitigation" ? "Mitigation asked" : "Information asked"),
          ` on ${new Date(r.at * 1000).toISOString().slice(0, 10)}: `,
          r.reasons,
        ),
      ),
    ),
    p.state === "info_requested" ? h("p", {}, "Waiting for the operator's answer (an amended proposal).") : null,
  );
}

function requestInfoForm(ctx: Ctx, p: Proposal): HTMLElement {
  const kind = h(
    "select",
    { id: "request-kind" },
    h("option", { value: "information" }, "information"),
    h("option", { value: "mitigation" }, "mitigation"),
  );
  const reasons = h("textarea", { id: "request-reasons", rows: 4, required: true });
  const message = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "request-form" },
    h("h2", {}, "Or ask the operator for more"),
    h("label", { for: "request-kind" }, "What is asked"),
    kind,
    h("label", { for: "request-reasons" }, "The request, as the operator will read it"),
    reasons,
    h("button", { type: "submit", class: "secondary" }, "Request information"),
    message,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void ctx.api
      .post<Proposal>(`/proposals/${encodeURIComponent(p.id)}/request-info`, { kind: kind.value, reasons: reasons.value })
      .then(() => ctx.go(`#/proposals/${p.id}?asked=${Date.now()}`))
      .catch((e: unknown) => replace(message, errorBox(e)));
  });
  return form;
}

function answerForm(ctx: Ctx, p: Proposal): HTMLElement {
  const text = h("textarea", { id: "answer-text", rows: 16, spellcheck: false, required: true });
  text.value = proposalAsYaml(p.proposal);
  const message = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "answer-form" },
    h("h2", {}, "Answer: amend and submit again"),
    h("label", { for: "answer-text" }, "The proposal, amended (its summary is a good place for the answer)"),
    text,
    h("button", { type: "submit" }, "Amend and submit again"),
    message,
  );
  onProposalText(form, text, message, (proposal) =>
    ctx.api
      .post<Proposal>(`/proposals/${encodeURIComponent(p.id)}/amend`, { proposal })
      .then((amended) => ctx.api.post<Proposal>(`/proposals/${encodeURIComponent(amended.id)}/submit`))
      .then((submitted) => ctx.go(`#/proposals/${submitted.id}`)),
  );
  return form;
}

// ---- the decision letter: what an operator or an auditor files, printable
// (style.css @media print) and turned into PDF by the browser.
function changeRows(title: string, list: Change[] | undefined): HTMLElement | null {
  if (!list || list.length === 0) return null;
  return h(
    "table",
    { class: "letter-table" },
    h("caption", {}, title),
    h("thead", {}, h("tr", {}, ["Id", "Function", "Vendor", "Model", "Region", "Count"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      list.map((c) =>
        h(
          "tr",
          {},
          [c.id, c.function, c.vendor, c.model, c.region].map((v) => h("td", {}, v ?? "")),
          h("td", { class: "num" }, c.count ?? 1),
        ),
      ),
    ),
  );
}

async function letter(ctx: Ctx, [id]: string[]): Promise<HTMLElement> {
  const p = await ctx.api.get<Proposal>(`/proposals/${encodeURIComponent(id ?? "")}`);
  const d = p.decision;
  const a = p.assessment;
  const cp = d?.checkpoint ?? null;
  return h(
    "article",
    { class: "letter" },
    h("p", { class: "no-print" }, h("a", { href: `#/proposals/${p.id}` }, "Back to the notification"), " · ",
      h("button", { type: "button", id: "print", onclick: () => window.print() }, "Print or save as PDF")),
    h("h1", {}, `Decision on notification ${p.id}`),
    h(
      "dl",
      { class: "letter-head" },
      [
        ["Operator", p.org],
        ["Jurisdiction", p.jurisdiction.toUpperCase()],
        ["Proposal", `${p.proposal.title ?? ""} (${p.id}, version ${p.version}, dated ${p.proposal.date ?? "—"})`],
        ["Submitted", p.submitted_at ?? "—"],
        ["Decided", d?.decided_at ?? "not yet decided"],
        ["Pack", `${p.pack.id} ${p.pack.version}, SHA-256 ${p.pack.sha256}`],
      ].map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v))),
    ),
    h("h2", {}, "The proposal"),
    p.proposal.summary ? h("p", {}, p.proposal.summary) : null,
    changeRows("Equipment added", p.proposal.add),
    changeRows("Equipment removed", p.proposal.remove),
    h("h2", {}, "Findings and their legal sources"),
    h(
      "table",
      { class: "letter-table", id: "letter-findings" },
      h("thead", {}, h("tr", {}, ["Level", "Rule", "Finding", "Legal source"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        (a?.findings ?? []).map((f) =>
          h(
            "tr",
            {},
            h("td", {}, f.level),
            h("td", {}, f.rule),
            h("td", {}, f.title),
            h("td", {}, [f.source.instrument, f.source.section, f.source.date].filter((x) => x).join(", "), f.source.url ? h("br") : null, f.source.url ?? ""),
          ),
        ),
      ),
    ),
    h("h2", {}, "The weighing"),
    h("p", {}, `netvet recommended: ${decisionLabel(p.recommendation)}. ${a?.decision_meaning ?? ""}`),
    h("ul", {}, (a?.notes ?? []).map((n) => h("li", {}, n))),
    h("h2", {}, "The decision"),
    d
      ? h(
          "section",
          { id: "letter-decision" },
          h("p", { class: "verdict" }, decisionLabel(d.decision)),
          h("p", {}, h("strong", {}, "Reasons: "), d.reasons),
          d.conditions.length > 0
            ? h("div", {}, h("strong", {}, "Conditions:"), h("ol", {}, d.conditions.map((c) => h("li", {}, c))))
            : h("p", {}, "No conditions."),
          d.decided_by ? h("p", {}, `Recorded by ${d.decided_by}.`) : null,
        )
      : h("p", {}, "Not decided yet."),
    h("h2", {}, "The log checkpoint that proves it"),
    cp
      ? h(
          "dl",
          { class: "checkpoint", id: "letter-checkpoint" },
          [
            ["Chain", cp.chain],
            ["Entries", String(cp.count)],
            ["Chain hash", cp.hash],
            ["Merkle root", cp.root ?? "—"],
            ["Key id", cp.key_id],
            ["Ed25519 signature", cp.signature],
          ].map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v))),
        )
      : h("p", {}, "No checkpoint (no decision yet)."),
    h(
      "p",
      { class: "small" },
      "Check it offline: netvet log verify --checkpoint CHECKPOINT.json --keys keys.json (docs/server.md, the tamper-evident log).",
    ),
  );
}


// ---- the regulator's national view: every operator's exposure to each
// vendor by layer, the milestones coming due, the waivers and their expiry,
// computed in the page from the answers of the networks this regulator may
// see (the API's scope), never from a global total.
interface NationalRow {
  org: string;
  network: string;
  layer: string;
  vendor: string;
  elements: number;
  share: number;
}
interface MilestoneRow {
  org: string;
  network: string;
  rule: string;
  level: string;
  deadline: string;
  days: number | null;
  elements: number;
}
interface WaiverRow {
  org: string;
  network: string;
  rule: string;
  elements: number;
  expires: string;
}

async function national(ctx: Ctx): Promise<HTMLElement> {
  const list = await ctx.api.get<{ items: (Network & { org: string; jurisdiction: string })[] }>("/networks?limit=500");
  const exposure: NationalRow[] = [];
  const milestones: MilestoneRow[] = [];
  const waivers: WaiverRow[] = [];
  await Promise.all(
    list.items.map(async (n) => {
      const id = encodeURIComponent(n.id);
      const [ex, audit, w] = await Promise.all([
        ctx.api.get<Exposure>(`/networks/${id}/exposure`),
        ctx.api.get<{ findings: (Finding & { deadline?: string; days?: number })[] }>(
          `/networks/${id}/audit?policy=${encodeURIComponent(n.jurisdiction.toLowerCase())}`,
        ),
        ctx.api.get<{ items: { rule: string; elements: string[]; expires: string }[] }>(`/networks/${id}/waivers`),
      ]);
      for (const l of layerShares(ex.by_vendor_layer, kLayerOrder)) {
        for (const v of l.vendors) {
          exposure.push({ org: n.org, network: n.name, layer: l.layer, vendor: v.vendor, elements: v.elements, share: v.share });
        }
      }
      for (const f of audit.findings) {
        if (f.deadline) {
          milestones.push({ org: n.org, network: n.name, rule: f.rule, level: f.level, deadline: f.deadline, days: f.days ?? null, elements: f.element_total });
        }
      }
      for (const x of w.items) {
        waivers.push({ org: n.org, network: n.name, rule: x.rule, elements: x.elements.length, expires: x.expires });
      }
    }),
  );
  milestones.sort((a, b) => a.deadline.localeCompare(b.deadline));
  waivers.sort((a, b) => a.expires.localeCompare(b.expires));
  const now = new Date();
  const orgs = new Set(list.items.map((n) => n.org));
  return h(
    "div",
    {},
    h("h1", {}, "National view"),
    h("p", {}, `${orgs.size} operator${orgs.size === 1 ? "" : "s"}, ${list.items.length} network${list.items.length === 1 ? "" : "s"} in your jurisdiction.`),
    h("h2", {}, "Exposure to each vendor by layer"),
    dataTable(
      exposure,
      [
        { key: "org", label: "Operator", value: (r) => r.org },
        { key: "network", label: "Network", value: (r) => r.network },
        { key: "layer", label: "Layer", value: (r) => r.layer },
        { key: "vendor", label: "Vendor", value: (r) => r.vendor },
        { key: "elements", label: "Elements", value: (r) => r.elements, numeric: true },
        { key: "share", label: "Share of layer (%)", value: (r) => Math.round(r.share * 1000) / 10, numeric: true },
      ],
      { caption: "Each operator's vendors by layer (filter by a vendor's name)", id: "national-exposure", exportName: "national-exposure" },
    ),
    h("h2", {}, "Milestones coming due"),
    dataTable(
      milestones,
      [
        { key: "deadline", label: "Deadline", value: (r) => r.deadline },
        { key: "days", label: "Days left", value: (r) => r.days, numeric: true },
        { key: "org", label: "Operator", value: (r) => r.org },
        { key: "network", label: "Network", value: (r) => r.network },
        { key: "rule", label: "Rule", value: (r) => r.rule },
        { key: "level", label: "Level", value: (r) => r.level },
        { key: "elements", label: "Elements", value: (r) => r.elements, numeric: true },
      ],
      { caption: "Removal deadlines of the jurisdiction's pack, soonest first", id: "national-milestones", exportName: "national-milestones" },
    ),
    h("h2", {}, "Waivers"),
    dataTable(
      waivers,
      [
        { key: "org", label: "Operator", value: (r) => r.org },
        { key: "network", label: "Network", value: (r) => r.network },
        { key: "rule", label: "Rule", value: (r) => r.rule },
        { key: "elements", label: "Elements", value: (r) => r.elements, numeric: true },
        { key: "expires", label: "Expires", value: (r) => r.expires },
        { key: "days_left", label: "Days left", value: (r) => daysUntil(r.expires, now), numeric: true },
      ],
      { caption: "Waivers and when they expire", id: "national-waivers", exportName: "national-waivers" },
    ),
  );
}


// ---- the removal plan of a network (GET /networks/{id}/plan): when each
// site is swapped, what each year costs, the crews, and the burn-down of
// subscribers still on the removed vendor's equipment, milestone by milestone.
interface PlanDoc {
  status: string;
  gap: number;
  currency: string;
  conversion?: Conversion;
  from: string;
  to: string;
  total_cost: number;
  site_count: number;
  subscribers_at_start: number;
  notes: string[];
  periods: {
    period: string;
    sites: number;
    elements: number;
    cost: number;
    crew_days: number;
    sites_remaining: number;
    subscribers_remaining: number;
  }[];
  years: { year: string; cost: number; net_cost: number; reimbursed: number }[];
  milestones: {
    rule: string;
    title: string;
    by: string;
    met: boolean;
    sites: number;
    elements: number;
    last_period: string | null;
    overdue_at_start: boolean;
  }[];
  sites: { site: string; period: string; deadline: string; elements: number; subscribers: number; cost: number }[];
}

async function removalPlan(ctx: Ctx, [id]: string[]): Promise<HTMLElement> {
  const net = encodeURIComponent(id ?? "");
  const [meta, all, exposure] = await Promise.all([
    ctx.api.get<Network>(`/networks/${net}`),
    ctx.api.get<AuditAll>(`/networks/${net}/audit?policy=all`),
    ctx.api.get<Exposure>(`/networks/${net}/exposure`),
  ]);
  const withDeadlines = all.jurisdictions.filter((j) => j.next_deadline !== "");
  const pack = h(
    "select",
    { id: "plan-pack" },
    h("option", { value: "" }, "none: only the vendors chosen below"),
    all.jurisdictions.map((j) => h("option", { value: j.policy, selected: j === withDeadlines[0] }, `${j.name} (${j.policy})`)),
  );
  const vendorNames = [...new Set(exposure.by_vendor_layer.map((r) => r.vendor))].sort();
  const vendors = h(
    "select",
    { id: "plan-vendors", multiple: true, size: Math.min(6, Math.max(2, vendorNames.length)) },
    vendorNames.map((v) => h("option", { value: v }, v)),
  );
  const start = h("input", { id: "plan-start", type: "date", value: all.as_of, required: true });
  const until = h("input", { id: "plan-until", type: "date" });
  const period = h(
    "select",
    { id: "plan-period" },
    h("option", { value: "quarter" }, "quarter"),
    h("option", { value: "month" }, "month"),
  );
  const budget = h("input", { id: "plan-budget", type: "number", min: 0, step: "any", placeholder: "no limit" });
  const currency = h(
    "select",
    { id: "plan-currency" },
    ["GBP", "EUR", "USD", "SEK", "CAD", "AUD", "NZD", "JPY", "INR"].map((c) => h("option", { value: c }, c)),
  );
  const crews = h("input", { id: "plan-crews", type: "number", min: 1, step: 1, placeholder: "no limit" });
  const out = h("div", { id: "plan-result", "aria-live": "polite" });
  let dispose: (() => void) | null = null;
  ctx.onCleanup(() => dispose?.());
  const form = h(
    "form",
    { class: "plan-form" },
    h("label", { for: "plan-pack" }, "What the pack orders removed"),
    pack,
    h("label", { for: "plan-vendors" }, "And every element of these vendors, by the end date (Ctrl-click for several)"),
    vendors,
    h("label", { for: "plan-start" }, "Start"),
    start,
    h("label", { for: "plan-until" }, "End (default: the latest deadline; needed for vendors alone)"),
    until,
    h("label", { for: "plan-period" }, "Periods of a"),
    period,
    h("label", { for: "plan-currency" }, "Currency"),
    currency,
    h("label", { for: "plan-budget" }, "Budget a year (in that currency)"),
    budget,
    h("label", { for: "plan-crews" }, "Crews"),
    crews,
    h("button", { type: "submit" }, "Plan"),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    replace(out, h("p", {}, "Planning…"));
    const q = planQuery({
      pack: pack.value,
      vendors: [...vendors.selectedOptions].map((o) => o.value),
      start: start.value,
      until: until.value,
      period: period.value,
      budget: budget.value,
      crews: crews.value,
      currency: currency.value,
    });
    void ctx.api
      .get<PlanDoc>(`/networks/${net}/plan?${q}`)
      .then(async (p) => {
        const chartBox = h("div", { class: "chart", id: "burn-down", role: "img", "aria-label": "Burn-down of the plan" });
        replace(out, planView(p, meta.name, chartBox));
        const { burnDownChart } = await import("./chart");
        dispose?.();
        // From the start: everything is still on the equipment before the first period.
        const first = { period: "start", sites_remaining: p.site_count, subscribers_remaining: p.subscribers_at_start };
        dispose = burnDownChart(chartBox, [first, ...p.periods]);
      })
      .catch((e: unknown) => replace(out, errorBox(e)));
  });
  return h(
    "div",
    {},
    h("h1", {}, `Removal plan of ${meta.name}`),
    h("p", {}, h("a", { href: `#/networks/${meta.id}` }, "Back to the overview")),
    form,
    out,
  );
}

function planView(p: PlanDoc, name: string, chartBox: HTMLElement): HTMLElement {
  const money = (x: number) => `${p.currency} ${Math.round(x).toLocaleString("en")}`;
  return h(
    "div",
    {},
    h(
      "dl",
      { class: "figures" },
      [
        ["Status", p.status + (p.gap > 0 ? ` (gap ${(p.gap * 100).toFixed(1)} %)` : "")],
        ["Periods", `${p.from} to ${p.to}`],
        ["Sites", p.site_count],
        ["Subscribers at start", p.subscribers_at_start.toLocaleString("en")],
        ["Total cost", money(p.total_cost)],
      ].map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v))),
    ),
    h("p", { id: "plan-conversion" }, conversionLine(p.conversion, p.currency)),
    h("h2", {}, "Burn-down"),
    chartBox,
    h("h2", {}, "Milestones"),
    dataTable(
      p.milestones,
      [
        { key: "by", label: "By", value: (m) => m.by },
        { key: "rule", label: "Rule", value: (m) => m.rule },
        { key: "title", label: "Milestone", value: (m) => m.title },
        { key: "sites", label: "Sites", value: (m) => m.sites, numeric: true },
        { key: "elements", label: "Elements", value: (m) => m.elements, numeric: true },
        { key: "last_period", label: "Done in", value: (m) => m.last_period },
        { key: "met", label: "Met", value: (m) => (m.overdue_at_start ? "overdue at start" : m.met ? "yes" : "no") },
      ],
      { caption: "Milestones and the elements due at each", id: "plan-milestones", exportName: `${name}-milestones` },
    ),
    h("h2", {}, "Cost per year"),
    dataTable(
      p.years,
      [
        { key: "year", label: "Year", value: (y) => y.year },
        { key: "cost", label: `Cost (${p.currency})`, value: (y) => Math.round(y.cost), numeric: true },
        { key: "reimbursed", label: `Reimbursed (${p.currency})`, value: (y) => Math.round(y.reimbursed), numeric: true },
        { key: "net_cost", label: `Net cost (${p.currency})`, value: (y) => Math.round(y.net_cost), numeric: true },
      ],
      { caption: "Cost per year", id: "plan-years", exportName: `${name}-years` },
    ),
    h("h2", {}, "Periods"),
    dataTable(
      p.periods,
      [
        { key: "period", label: "Period", value: (x) => x.period },
        { key: "sites", label: "Sites swapped", value: (x) => x.sites, numeric: true },
        { key: "crew_days", label: "Crew-days", value: (x) => x.crew_days, numeric: true },
        { key: "cost", label: `Cost (${p.currency})`, value: (x) => Math.round(x.cost), numeric: true },
        { key: "sites_remaining", label: "Sites left", value: (x) => x.sites_remaining, numeric: true },
        { key: "subscribers_remaining", label: "Subscribers left", value: (x) => x.subscribers_remaining, numeric: true },
      ],
      { caption: "The timeline by period", id: "plan-periods", exportName: `${name}-periods` },
    ),
    h("h2", {}, "Sites"),
    dataTable(
      p.sites,
      [
        { key: "site", label: "Site", value: (x) => x.site },
        { key: "period", label: "Swapped in", value: (x) => x.period },
        { key: "deadline", label: "Deadline", value: (x) => x.deadline },
        { key: "elements", label: "Elements", value: (x) => x.elements, numeric: true },
        { key: "subscribers", label: "Subscribers", value: (x) => x.subscribers, numeric: true },
        { key: "cost", label: `Cost (${p.currency})`, value: (x) => Math.round(x.cost), numeric: true },
      ],
      { caption: "The timeline by site", id: "plan-sites", exportName: `${name}-sites` },
    ),
    p.notes.length > 0 ? h("details", {}, h("summary", {}, "Notes"), h("ul", {}, p.notes.map((n) => h("li", {}, n)))) : null,
  );
}

async function admin(): Promise<HTMLElement> {
  return h(
    "div",
    {},
    h("h1", {}, "Administration"),
    h("p", {}, "An administrator sees no network or proposal. Organisations, people and tokens: `netvet admin` or the API."),
  );
}

export const routes: Route[] = [
  { pattern: /^\/signin$/, view: (ctx) => signIn(ctx) },
  { pattern: /^\/networks$/, view: (ctx) => networks(ctx) },
  { pattern: /^\/networks\/([^/?]+)$/, view: (ctx, a) => network(ctx, a) },
  { pattern: /^\/networks\/([^/?]+)\/plan$/, view: (ctx, a) => removalPlan(ctx, a) },
  { pattern: /^\/proposals\/new$/, view: (ctx) => newProposal(ctx) },
  { pattern: /^\/proposals(?:\?.*)?$/, view: (ctx, a) => proposals(ctx, a) },
  { pattern: /^\/queue(?:\?.*)?$/, view: (ctx, a) => proposals(ctx, a, true) },
  { pattern: /^\/proposals\/([^/?]+)\/letter$/, view: (ctx, a) => letter(ctx, a) },
  { pattern: /^\/proposals\/([^/?]+)(?:\?.*)?$/, view: (ctx, a) => proposal(ctx, a) },
  { pattern: /^\/national$/, view: (ctx) => national(ctx) },
  { pattern: /^\/log$/, view: (ctx) => logView(ctx.api) },
  { pattern: /^\/admin$/, view: () => admin() },
];
