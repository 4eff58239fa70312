// Two sections of a network's overview: the compliance timeline (the
// removal milestones of the chosen packs, as of a date the user moves, with
// the elements due at each; from GET /networks/{id}/audit) and the network's
// waivers (GET /networks/{id}/waivers; a regulator's assessor grants one on
// an audit finding with POST /waivers and revokes it with DELETE).
import type { Api } from "./api";
import { h, replace } from "./dom";
import { milestoneTimeline, type AuditFinding, type Milestone } from "./logic";
import { dataTable } from "./table";
import { errorBox } from "./ui";

interface AuditDoc {
  as_of: string;
  policy: { id: string; name: string };
  findings: AuditFinding[];
}

export interface Waiver {
  id: string;
  network: string;
  pack: string;
  rule: string;
  elements: string[];
  justification: string;
  expires: string;
  granted_by: string;
  created_at: string;
}

export interface PackChoice {
  policy: string;
  name: string;
}

function timelineList(ms: Milestone[], asOf: string): HTMLElement {
  if (ms.length === 0) return h("p", { id: "timeline-empty" }, `No removal milestone of the chosen packs applies to this network as of ${asOf}.`);
  return h(
    "ol",
    { class: "timeline", id: "timeline" },
    ms.map((m) =>
      h(
        "li",
        { class: m.days !== null && m.days < 0 ? "overdue" : undefined },
        h("span", { class: "when" }, m.deadline),
        h("span", { class: "due" }, `${m.elements.toLocaleString("en")} element${m.elements === 1 ? "" : "s"} due`),
        ` · ${m.pack} ${m.rule}: ${m.title}`,
        m.days === null ? "" : m.days < 0 ? ` (${-m.days} days overdue)` : ` (in ${m.days} days)`,
      ),
    ),
  );
}

// The timeline: a checkbox per pack (those with a deadline ticked), the
// date, then the milestones in date order and their element groups.
export function timelineSection(api: Api, net: string, name: string, packs: PackChoice[], today: string, ticked: string[]): HTMLElement {
  const boxes = packs.map((p) =>
    h("input", { type: "checkbox", id: `tl-${p.policy}`, value: p.policy, checked: ticked.includes(p.policy) }),
  );
  const asOf = h("input", { id: "timeline-as-of", type: "date", value: today });
  const out = h("div", { id: "timeline-box", "aria-live": "polite" });
  const draw = async () => {
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf.value)) return;
    const docs = await Promise.all(
      // As of today: the question the server answered ahead (no as_of), else as of the date chosen.
      chosen.map((p) =>
        api.get<AuditDoc>(
          `/networks/${net}/audit?policy=${encodeURIComponent(p)}${asOf.value === today ? "" : `&as_of=${asOf.value}`}`,
        ),
      ),
    );
    const ms = milestoneTimeline(docs.map((d) => ({ pack: d.policy.id, findings: d.findings })));
    const groups = ms.flatMap((m) => m.groups.map((g) => ({ ...g, deadline: m.deadline, pack: m.pack, rule: m.rule })));
    replace(
      out,
      h("p", {}, `${ms.length} milestone${ms.length === 1 ? "" : "s"}, ${ms.reduce((n, m) => n + m.elements, 0).toLocaleString("en")} elements due, as of ${asOf.value}.`),
      timelineList(ms, asOf.value),
      dataTable(
        groups,
        [
          { key: "deadline", label: "Due by", value: (g) => g.deadline },
          { key: "pack", label: "Pack", value: (g) => g.pack },
          { key: "rule", label: "Rule", value: (g) => g.rule },
          { key: "vendor", label: "Vendor", value: (g) => g.vendor },
          { key: "function", label: "Function", value: (g) => g.function },
          { key: "region", label: "Region", value: (g) => g.region },
          { key: "count", label: "Elements", value: (g) => g.count, numeric: true },
          { key: "examples", label: "For example", value: (g) => g.examples.join(" ") },
        ],
        { caption: "The elements due at each milestone", id: "timeline-elements", exportName: `${name}-milestones` },
      ),
    );
  };
  const redraw = () => void draw().catch((e: unknown) => replace(out, errorBox(e)));
  for (const b of boxes) b.addEventListener("change", redraw);
  asOf.addEventListener("change", redraw);
  requestAnimationFrame(redraw);
  return h(
    "section",
    { id: "compliance-timeline" },
    h("h2", {}, "Removal milestones"),
    h(
      "fieldset",
      { class: "packs" },
      h("legend", {}, "Packs"),
      packs.map((p, i) => h("span", { class: "pack-choice" }, boxes[i], h("label", { for: `tl-${p.policy}` }, `${p.name} (${p.policy})`))),
    ),
    h("label", { for: "timeline-as-of" }, "As of "),
    asOf,
    out,
  );
}

// One year after `iso` (YYYY-MM-DD): the default expiry of a new waiver.
export function yearAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

function waiverForm(api: Api, netId: string, packs: PackChoice[], home: string, today: string, done: () => void): HTMLElement {
  const pack = h(
    "select",
    { id: "waiver-pack" },
    packs.map((p) => h("option", { value: p.policy, selected: p.policy === home }, `${p.name} (${p.policy})`)),
  );
  const rule = h("select", { id: "waiver-rule", required: true });
  const elements = h("textarea", { id: "waiver-elements", rows: 4, required: true, spellcheck: false });
  const justification = h("textarea", { id: "waiver-justification", rows: 3, required: true });
  const expires = h("input", { id: "waiver-expires", type: "date", required: true, value: yearAfter(today) });
  const message = h("div", { "aria-live": "polite" });
  let findings: AuditFinding[] = [];
  const fillElements = () => {
    const f = findings.find((x) => x.rule === rule.value);
    elements.value = (f?.elements ?? []).flatMap((g) => g.examples).join("\n");
  };
  const loadRules = async () => {
    const doc = await api.get<AuditDoc>(`/networks/${encodeURIComponent(netId)}/audit?policy=${encodeURIComponent(pack.value)}`);
    findings = doc.findings.filter((f) => f.element_total > 0);
    replace(
      rule,
      findings.map((f) => h("option", { value: f.rule }, `${f.rule} (${f.level}, ${f.element_total} elements): ${f.title}`)),
    );
    fillElements();
  };
  pack.addEventListener("change", () => void loadRules().catch((e: unknown) => replace(message, errorBox(e))));
  rule.addEventListener("change", fillElements);
  requestAnimationFrame(() => void loadRules().catch((e: unknown) => replace(message, errorBox(e))));
  const form = h(
    "form",
    { class: "waiver-form" },
    h("h3", {}, "Grant a waiver"),
    h("label", { for: "waiver-pack" }, "Pack"),
    pack,
    h("label", { for: "waiver-rule" }, "The finding waived"),
    rule,
    h("label", { for: "waiver-elements" }, "Elements waived (ids, one a line; the finding's examples to start with)"),
    elements,
    h("label", { for: "waiver-justification" }, "Justification"),
    justification,
    h("label", { for: "waiver-expires" }, "Expires (the first day it no longer applies)"),
    expires,
    h("button", { type: "submit" }, "Grant the waiver"),
    message,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const ids = elements.value.split(/\s+/).filter((x) => x !== "");
    void api
      .post<Waiver>("/waivers", {
        network: netId,
        pack: pack.value,
        rule: rule.value,
        elements: ids,
        justification: justification.value,
        expires: expires.value,
      })
      .then(() => {
        justification.value = "";
        replace(message, h("p", {}, "Granted."));
        done();
      })
      .catch((e: unknown) => replace(message, errorBox(e)));
  });
  return form;
}

// The network's waivers; a regulator's assessor also gets the grant form
// and a Revoke button on each.
export function waiversSection(
  api: Api,
  netId: string,
  packs: PackChoice[],
  opts: { assessor: boolean; home: string; today: string },
): HTMLElement {
  const list = h("div", { id: "waivers-box", "aria-live": "polite" });
  const load = async () => {
    const w = await api.get<{ items: Waiver[] }>(`/networks/${encodeURIComponent(netId)}/waivers`);
    const revoke = (x: Waiver) =>
      void api
        .send<void>("DELETE", `/waivers/${encodeURIComponent(x.id)}`)
        .then(reload)
        .catch((e: unknown) => replace(list, errorBox(e)));
    replace(
      list,
      dataTable(
        w.items,
        [
          { key: "id", label: "Id", value: (x) => x.id },
          { key: "pack", label: "Pack", value: (x) => x.pack },
          { key: "rule", label: "Rule", value: (x) => x.rule },
          { key: "elements", label: "Elements", value: (x) => x.elements.length, numeric: true },
          { key: "justification", label: "Justification", value: (x) => x.justification },
          { key: "expires", label: "Expires", value: (x) => x.expires },
          { key: "granted_by", label: "Granted by", value: (x) => x.granted_by },
          ...(opts.assessor
            ? [
                {
                  key: "revoke",
                  label: "Revoke",
                  value: () => "",
                  render: (x: Waiver) =>
                    h("button", { type: "button", class: "secondary revoke", "aria-label": `Revoke ${x.id}`, onclick: () => revoke(x) }, "Revoke"),
                },
              ]
            : []),
        ],
        { caption: "Waivers of this network's findings", id: "waivers", exportName: `${netId}-waivers` },
      ),
    );
  };
  const reload = () => void load().catch((e: unknown) => replace(list, errorBox(e)));
  requestAnimationFrame(reload);
  return h(
    "section",
    { id: "waivers-section" },
    h("h2", {}, "Waivers"),
    list,
    opts.assessor ? waiverForm(api, netId, packs, opts.home, opts.today, reload) : null,
  );
}
