// The log screen: the tamper-evident log's entries in the caller's scope
// (GET /log, paged by the server's cursor, filtered in the page by kind and
// text), and its verification in the browser: a checkpoint signed now
// (GET /log/checkpoint) checked against the published keys (GET /log/keys),
// and each entry shown proved in that checkpoint's tree by its inclusion
// path (GET /log/proof/inclusion), as `netvet log verify` would.
import type { Api } from "./api";
import { h, replace } from "./dom";
import { dataTable } from "./table";
import { badge, errorBox } from "./ui";
import { entryInTree, verifyCheckpoint, type Checkpoint, type InclusionProof, type PublicKey, type Verdict } from "./verify";

export interface LogEntry {
  chain: string;
  idx: number;
  at: string;
  actor: string;
  kind: string;
  subject: string;
  data: unknown;
  body: string;
  hash: string;
}

const kPage = 50;

// The kinds of a page's entries, for the kind filter ("" is every kind).
export function entryKinds(entries: { kind: string }[]): string[] {
  return [...new Set(entries.map((e) => e.kind))].sort();
}

function subtleCrypto(): SubtleCrypto | null {
  return typeof crypto !== "undefined" && crypto.subtle ? crypto.subtle : null;
}

async function proveAll(api: Api, subtle: SubtleCrypto, cp: Checkpoint, entries: LogEntry[]): Promise<Map<number, Verdict>> {
  const out = new Map<number, Verdict>();
  await Promise.all(
    entries
      .filter((e) => e.chain === cp.chain)
      .map(async (e) => {
        if (e.idx >= cp.count) {
          out.set(e.idx, { verified: false, why: "after the checkpoint" });
          return;
        }
        const q = `chain=${encodeURIComponent(cp.chain)}&index=${e.idx}&size=${cp.count}`;
        const proof = await api.get<InclusionProof>(`/log/proof/inclusion?${q}`);
        out.set(e.idx, await entryInTree(subtle, cp, e, proof));
      }),
  );
  return out;
}

export async function logView(api: Api): Promise<HTMLElement> {
  const [keys, cp] = await Promise.all([api.get<{ items: PublicKey[] }>("/log/keys"), api.get<Checkpoint>("/log/checkpoint")]);
  const subtle = subtleCrypto();
  const verdict: Verdict = subtle
    ? await verifyCheckpoint(subtle, cp, keys.items)
    : { verified: false, why: "this page has no WebCrypto (served over plain HTTP to another host?): check it with netvet log verify" };
  const status = h(
    "p",
    { id: "log-status" },
    badge(verdict.verified ? "verified" : "NOT verified", verdict.verified ? "verified" : "not-verified"),
    " ",
    h("span", { id: "log-why" }, verdict.why),
  );
  const checkpoint = h(
    "dl",
    { class: "checkpoint", id: "log-checkpoint" },
    [
      ["Chain", cp.chain],
      ["Tree size", String(cp.count)],
      ["Merkle root", cp.root ?? "— (signed before the tree)"],
      ["Chain hash", cp.hash],
      ["Key id", cp.key_id],
      ["Ed25519 signature", cp.signature],
    ].map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v))),
  );
  const kind = h("select", { id: "log-kind" }, h("option", { value: "" }, "every kind"));
  const tableBox = h("div", { id: "log-box", "aria-live": "polite" });
  const older = h("button", { type: "button", id: "log-next", class: "secondary" }, "Later entries");
  const first = h("button", { type: "button", id: "log-first", class: "secondary" }, "First entries");
  const cursors: string[] = [];
  let entries: LogEntry[] = [];
  let proofs = new Map<number, Verdict>();
  let next: string | null = null;

  const draw = () => {
    const shown = kind.value === "" ? entries : entries.filter((e) => e.kind === kind.value);
    const proved = (e: LogEntry) => {
      if (e.chain !== cp.chain) return "another chain";
      const v = proofs.get(e.idx);
      return v === undefined ? "not checked" : v.verified ? "yes" : `NO: ${v.why}`;
    };
    replace(
      tableBox,
      dataTable(
        shown,
        [
          { key: "idx", label: "#", value: (e) => e.idx, numeric: true },
          { key: "at", label: "At", value: (e) => e.at },
          { key: "kind", label: "Kind", value: (e) => e.kind },
          { key: "subject", label: "Subject", value: (e) => e.subject },
          { key: "actor", label: "Actor", value: (e) => e.actor },
          { key: "hash", label: "Entry hash", value: (e) => e.hash.slice(0, 16) },
          { key: "proved", label: "In the signed tree", value: proved },
        ],
        { caption: `Log entries (chain ${cp.chain})`, id: "log-entries", exportName: `log-${cp.chain}`, pageSize: kPage },
      ),
    );
  };
  const load = async (cursor: string | null) => {
    replace(tableBox, h("p", {}, "Loading…"));
    const page = await api.get<{ items: LogEntry[]; next: string | null }>(
      `/log?limit=${kPage}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    entries = page.items;
    next = page.next;
    proofs = verdict.verified && subtle && cp.root ? await proveAll(api, subtle, cp, entries) : new Map();
    const chosen = kind.value;
    replace(
      kind,
      h("option", { value: "" }, "every kind"),
      entryKinds(entries).map((k) => h("option", { value: k, selected: k === chosen }, k)),
    );
    older.toggleAttribute("disabled", next === null);
    first.toggleAttribute("disabled", cursors.length === 0);
    draw();
  };
  const fail = (e: unknown) => replace(tableBox, errorBox(e));
  kind.addEventListener("change", draw);
  older.addEventListener("click", () => {
    if (next === null) return;
    cursors.push(next);
    void load(next).catch(fail);
  });
  first.addEventListener("click", () => {
    cursors.length = 0;
    void load(null).catch(fail);
  });
  await load(null);
  return h(
    "div",
    {},
    h("h1", {}, "The log"),
    h(
      "p",
      {},
      "Every change the server records, hash-chained and in a Merkle tree. The checkpoint below was signed by the " +
        "server now and checked in this browser against the server's published keys; each entry shown is proved " +
        "in the checkpoint's tree by its inclusion path.",
    ),
    h("h2", {}, "Signed checkpoint"),
    status,
    checkpoint,
    h("h2", {}, "Entries"),
    h("div", { class: "table-tools" }, h("label", { for: "log-kind" }, "Kind "), kind, first, older),
    tableBox,
    h(
      "p",
      { class: "small" },
      "Check it offline too: save a proof and the keys (GET /api/v1/log/proof/inclusion or consistency, " +
        "/api/v1/log/keys), then netvet log verify --checkpoint HELD.json --proof PROOF.json --keys keys.json.",
    ),
  );
}
