// The dashboard's computations, apart from the DOM so that they are unit
// tested (web/test/logic.test.ts).
import { parse as parseYaml, stringify as toYaml } from "yaml";

export interface VendorLayerRow {
  vendor: string;
  layer: string;
  elements: number;
  element_share: number;
}

export interface LayerShares {
  layer: string;
  elements: number;
  vendors: { vendor: string; elements: number; share: number }[];
  hhi: number;
}

// The Herfindahl-Hirschman index of shares given as fractions (0..1): the
// sum of the squared percentages, 10,000 for one vendor alone.
export function hhi(shares: number[]): number {
  return Math.round(shares.reduce((sum, s) => sum + (s * 100) ** 2, 0));
}

// The usual reading of an HHI (US DOJ/FTC 2023 merger guidelines' bands).
export function hhiBand(value: number): string {
  if (value > 1800) return "highly concentrated";
  if (value >= 1000) return "moderately concentrated";
  return "unconcentrated";
}

// Each layer's vendors by their share of the layer's elements (largest
// first), from the exposure document's `by_vendor_layer`. Shares are
// recomputed from the counts, so they add up to one per layer.
export function layerShares(rows: VendorLayerRow[], layerOrder: string[] = []): LayerShares[] {
  const byLayer = new Map<string, { vendor: string; elements: number }[]>();
  for (const r of rows) {
    const list = byLayer.get(r.layer) ?? [];
    list.push({ vendor: r.vendor, elements: r.elements });
    byLayer.set(r.layer, list);
  }
  const rank = (l: string) => {
    const i = layerOrder.indexOf(l);
    return i < 0 ? layerOrder.length : i;
  };
  return [...byLayer.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([layer, list]) => {
      const total = list.reduce((n, v) => n + v.elements, 0);
      const vendors = list
        .map((v) => ({ ...v, share: total > 0 ? v.elements / total : 0 }))
        .sort((a, b) => b.elements - a.elements || a.vendor.localeCompare(b.vendor));
      return { layer, elements: total, vendors, hhi: hhi(vendors.map((v) => v.share)) };
    });
}

// RFC 4180 CSV of `rows` under `columns` (CRLF line ends; a field with a
// comma, quote or line break is quoted, quotes doubled).
export function toCsv(columns: string[], rows: (string | number | null)[][]): string {
  const field = (v: string | number | null) => {
    const s = v === null ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

// Whole days from an ISO time to `now`.
export function ageDays(iso: string | null, now: Date): number | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return Math.max(0, Math.floor((now.getTime() - t) / 86_400_000));
}

// Whole days from `now` to an ISO date (negative once past).
export function daysUntil(iso: string, now: Date): number | null {
  const t = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(t)) return null;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((t - today) / 86_400_000);
}

export interface ProposalText {
  proposal: Record<string, unknown>;
  dropped: string[];
}

// A proposal written as YAML or JSON (docs/formats/proposal.md), ready for
// POST /proposals: the members the server sets itself (`network`: the
// network is chosen beside it; `operator`: the signed-in organisation) are
// dropped and named. Throws an Error with a readable message.
export function proposalFromText(text: string): ProposalText {
  let doc: unknown;
  try {
    doc = parseYaml(text); // JSON is YAML too
  } catch (e) {
    throw new Error(`the proposal is not YAML or JSON: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new Error("the proposal must be a mapping (title, date, add, remove, ...)");
  }
  const proposal = { ...(doc as Record<string, unknown>) };
  const dropped: string[] = [];
  for (const k of ["network", "operator"]) {
    if (k in proposal) {
      delete proposal[k];
      dropped.push(k);
    }
  }
  // YAML dates (2018-11-28) stay text, as the server reads them.
  for (const [k, v] of Object.entries(proposal)) {
    if (v instanceof Date) proposal[k] = v.toISOString().slice(0, 10);
  }
  return { proposal, dropped };
}

// A stored proposal as YAML to edit (an answer to a request for
// information): without the members the server sets itself.
export function proposalAsYaml(proposal: Record<string, unknown>): string {
  const rest = { ...proposal };
  delete rest.operator;
  delete rest.network;
  return toYaml(rest, { lineWidth: 0 });
}

export const decisionWords: Record<string, string> = {
  significant_risk: "significant risk",
  risk_to_address: "risk to address",
  no_significant_risk: "no significant risk",
  not_notifiable: "not notifiable",
};

export function decisionLabel(d: string | null | undefined): string {
  if (d === null || d === undefined || d === "") return "—";
  return decisionWords[d] ?? d.replace(/_/g, " ");
}

// The idle timer: after `limitMs` without activity the session is over
// (the server ends it after 30 minutes idle; the page follows).
export class IdleTimer {
  private last: number;
  constructor(
    private readonly limitMs: number,
    private readonly now: () => number,
  ) {
    this.last = now();
  }
  touch(): void {
    this.last = this.now();
  }
  expired(): boolean {
    return this.now() - this.last >= this.limitMs;
  }
}

// Vendors by the number of places (sites, or grid cells of a large
// network) where they have equipment, most first.
export function vendorSiteCounts(sites: { vendors: Record<string, number> }[]): [string, number][] {
  const n = new Map<string, number>();
  for (const s of sites) for (const v of Object.keys(s.vendors)) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

// An audit finding as the timeline and the waiver form read it (the audit
// document's findings: policy/report.cpp).
export interface ElementGroup {
  change: string | null;
  vendor: string;
  function: string;
  region: string;
  count: number;
  examples: string[];
}
export interface AuditFinding {
  rule: string;
  title: string;
  level: string;
  element_total: number;
  elements: ElementGroup[];
  deadline?: string;
  days?: number;
  milestone?: string;
}
export interface Milestone {
  deadline: string;
  days: number | null;
  pack: string;
  rule: string;
  title: string;
  elements: number;
  groups: ElementGroup[];
}

// The removal milestones of several packs' audits in date order (then pack,
// rule): each finding with a deadline and elements due, with its groups.
export function milestoneTimeline(audits: { pack: string; findings: AuditFinding[] }[]): Milestone[] {
  const out: Milestone[] = [];
  for (const a of audits) {
    for (const f of a.findings) {
      if (!f.deadline || f.element_total <= 0) continue;
      out.push({
        deadline: f.deadline,
        days: f.days ?? null,
        pack: a.pack,
        rule: f.rule,
        title: f.milestone ?? f.title,
        elements: f.element_total,
        groups: f.elements ?? [],
      });
    }
  }
  return out.sort((x, y) => x.deadline.localeCompare(y.deadline) || x.pack.localeCompare(y.pack) || x.rule.localeCompare(y.rule));
}

// The plan screen's form as the query of GET /networks/{id}/plan: every
// value the user left empty is left out (the server's defaults), each
// vendor a remove_vendor of its own.
export interface PlanForm {
  pack: string;
  vendors: string[];
  start: string;
  until: string;
  period: string;
  budget: string;
  crews: string;
  currency?: string;
}
export function planQuery(f: PlanForm): string {
  const q = new URLSearchParams();
  if (f.pack) q.append("policy", f.pack);
  for (const v of f.vendors) q.append("remove_vendor", v);
  for (const [k, v] of [
    ["start", f.start],
    ["until", f.until],
    ["period", f.period],
    ["budget", f.budget],
    ["crews", f.crews],
    ["currency", f.currency ?? ""],
  ] as const) {
    if (v.trim() !== "") q.append(k, v.trim());
  }
  return q.toString();
}

// A place on the map as the colouring reads it (map.ts's Site).
export interface MapPlace {
  subscribers: number;
  vendors: Record<string, number>;
  access_cut?: number;
  subscribers_cut?: number;
}

// Whether a place is drawn in the marked colour: the vendor has equipment
// there, or (outage) its outage would cut service there.
export function siteMarked(p: MapPlace, vendor: string, mode: "equipment" | "outage"): boolean {
  return mode === "outage" ? (p.access_cut ?? 0) > 0 : (p.vendors[vendor] ?? 0) > 0;
}

// The tooltip's line of what a vendor's outage cuts at a place.
export function outageLine(p: MapPlace, vendor: string): string {
  const cut = p.subscribers_cut ?? 0;
  if ((p.access_cut ?? 0) === 0) return `${vendor}'s outage cuts nothing here`;
  const all = cut >= p.subscribers && p.subscribers > 0 ? " (every subscriber here)" : "";
  return `${vendor}'s outage cuts ${cut.toLocaleString("en")} subscribers on ${p.access_cut} access element${p.access_cut === 1 ? "" : "s"}${all}`;
}

// The plan's `conversion` (netvet plan --format json): which cost rows were
// converted into the plan's currency, at what rate, of which date and source.
export interface Conversion {
  currency: string;
  base: string;
  items: { item: string; from: string; from_cost: number; cost: number }[];
  rates: { currency: string; per_eur: number; date: string; source: string; items: string[] }[];
}

// One sentence for a plan's page: "Priced in GBP. Converted: olt 20,100 USD
// = 16,406.64 GBP; ... at the rates of 2019-10-01 (1 EUR = 1.0898 USD =
// 0.88955 GBP; SOURCE)." Nothing converted: "Priced in GBP; no cost row was
// in another currency."
export function conversionLine(c: Conversion | undefined, currency: string): string {
  if (!c || c.items.length === 0) return `Priced in ${currency}; no cost row was in another currency.`;
  const fmt = (x: number) => x.toLocaleString("en", { maximumFractionDigits: 2 });
  const used = c.rates.filter((r) => r.currency !== c.base && (r.items.length > 0 || r.currency === c.currency));
  const dates = [...new Set(used.map((r) => r.date))].join(", ");
  const sources = [...new Set(used.map((r) => r.source))].join("; ");
  const items = c.items.map((i) => `${i.item} ${fmt(i.from_cost)} ${i.from} = ${fmt(i.cost)} ${c.currency}`).join("; ");
  const rates = used.map((r) => `${r.per_eur} ${r.currency}`).join(" = ");
  return `Priced in ${c.currency}. Converted: ${items}, at the rates of ${dates} (1 ${c.base} = ${rates}; ${sources}).`;
}
