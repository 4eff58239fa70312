// Does every package of web/package-lock.json run on the Node.js that Debian 12
// ships (18.19)? The lock records each package's `engines.node`; this reads
// them and fails naming each package whose range excludes that version, so
// that an update of the build tools cannot quietly drop Node.js 18 (README,
// "Dashboard"; the default tests run it: tests/server/dashboard_check.sh
// engines).
//
// Usage: node scripts/check-node-engines.mjs [LOCK] [--node VERSION]
//   LOCK defaults to web/package-lock.json, VERSION to 18.19.0.
// Exit 0 when every range admits VERSION; 1 listing those that do not; 2 for
// a lock it cannot read or a range it cannot parse.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Packages whose range excludes Node.js 18 but whose code never runs here,
// each with the reason (npm ci on Node.js 18 only warns about them).
const codeNeverRuns = {
  "@cyclonedx/cyclonedx-library":
    "scripts/check-cyclonedx.mjs reads only its res/schema/*.json files (readFileSync); none of its code is loaded",
};

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const nodeAt = argv.indexOf("--node");
const target = nodeAt >= 0 ? argv[nodeAt + 1] : "18.19.0";
const lockFile = argv.find((a, i) => !a.startsWith("--") && argv[i - 1] !== "--node") ?? join(here, "..", "package-lock.json");

// "18", "18.2", "18.x", "v18.2.1" -> [major, minor, patch] with null for a
// wildcard or a missing part.
function parseVersion(text) {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$/.exec(text);
  if (!m) return undefined;
  return [m[1], m[2], m[3]].map((p) => (p === undefined || /^[xX*]$/.test(p) ? null : Number(p)));
}

function compare(a, b) {
  for (let i = 0; i < 3; i += 1) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

// One comparator ("^18.0.0", ">=14.16", "<21", "18.x", "*") against a full version.
function admits(comparator, v) {
  const m = /^(\^|~|>=|<=|>|<|=)?\s*(.*)$/.exec(comparator);
  const op = m[1] ?? "";
  if (m[2] === "" || m[2] === "*") return true;
  const p = parseVersion(m[2]);
  if (p === undefined) throw new Error(`not a version range: "${comparator}"`);
  const low = p.map((x) => x ?? 0);
  const wild = p.indexOf(null); // the first wildcard part, -1 for none
  // The exclusive upper bound of a range that fixes the parts before `at`.
  const bump = (at) => low.map((x, i) => (i < at ? x : 0)).map((x, i) => (i === at - 1 ? x + 1 : x));
  switch (op) {
    case ">=":
      return compare(v, low) >= 0;
    case ">":
      return wild >= 0 ? compare(v, bump(wild)) >= 0 : compare(v, low) > 0;
    case "<=":
      return wild >= 0 ? compare(v, bump(wild)) < 0 : compare(v, low) <= 0;
    case "<":
      return compare(v, low) < 0;
    case "^": {
      const at = low[0] !== 0 || wild === 0 ? 1 : low[1] !== 0 || wild === 1 ? 2 : 3;
      return compare(v, low) >= 0 && compare(v, bump(wild >= 0 ? Math.min(wild, at) : at)) < 0;
    }
    case "~":
      return compare(v, low) >= 0 && compare(v, bump(wild >= 0 ? Math.min(wild, 2) : p[1] === null ? 1 : 2)) < 0;
    default:
      // "18.x" or "18": any 18; "18.19.0" or "=18.19.0": exactly
      return wild >= 0 ? compare(v, low) >= 0 && compare(v, bump(wild)) < 0 : compare(v, low) === 0;
  }
}

// A range: alternatives joined by "||", each a space-separated set of
// comparators ("a - b" hyphen ranges included), all of which must hold.
export function satisfies(version, range) {
  const v = parseVersion(version).map((x) => x ?? 0);
  return range.split("||").some((alt) => {
    const text = alt.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1");
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    const parts = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : text.split(/\s+/);
    return parts.every((c) => admits(c, v));
  });
}

function main() {
  let lock;
  try {
    lock = JSON.parse(readFileSync(lockFile, "utf8"));
  } catch (e) {
    console.error(`check-node-engines: cannot read ${lockFile}: ${e.message}`);
    process.exit(2);
  }
  if (parseVersion(target)?.[0] == null) {
    console.error(`check-node-engines: --node needs a version such as 18.19.0, not "${target}"`);
    process.exit(2);
  }
  const excluded = [];
  const waived = [];
  let declared = 0;
  for (const [path, pkg] of Object.entries(lock.packages ?? {})) {
    const range = pkg.engines?.node;
    if (path === "" || typeof range !== "string") continue;
    const name = path.replace(/^.*node_modules\//, "");
    declared += 1;
    let ok;
    try {
      ok = satisfies(target, range);
    } catch (e) {
      console.error(`check-node-engines: ${name}@${pkg.version}: ${e.message}`);
      process.exit(2);
    }
    if (ok) continue;
    (codeNeverRuns[name] ? waived : excluded).push({ name, version: pkg.version, range });
  }
  for (const w of waived) {
    console.log(`check-node-engines: ${w.name}@${w.version} declares node "${w.range}"; allowed: ${codeNeverRuns[w.name]}`);
  }
  if (excluded.length > 0) {
    console.error(`check-node-engines: ${excluded.length} package(s) of ${lockFile} exclude Node.js ${target}:`);
    for (const x of excluded) console.error(`  ${x.name}@${x.version} needs node "${x.range}"`);
    console.error("pin a version whose engines admit it (npm view PACKAGE versions engines), then npm install --save-exact");
    process.exit(1);
  }
  console.log(
    `check-node-engines: ${declared - waived.length} of the ${declared} packages that declare engines.node admit ` +
      `Node.js ${target}${waived.length > 0 ? `; ${waived.length} allowed above` : ""}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
