// Cuts the base map of the dashboard at build time: the countries netvet has
// jurisdiction packs for (policies/*.yaml; the EU pack: its member states),
// from world-atlas's countries-50m (Natural Earth 1:50m Admin 0 countries,
// public domain; world-atlas is ISC-licensed), as GeoJSON with coordinates
// rounded to 0.01 degree. Nothing is fetched at run time: the file is
// bundled. Usage: node scripts/cut-countries.mjs OUT.json
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? resolve(here, "../dashboard/generated/countries.json");
const policies = resolve(here, "../../policies");

// ISO 3166-1 numeric codes (world-atlas ids) of each pack's jurisdiction.
const eu = ["040", "056", "100", "191", "196", "203", "208", "233", "246", "250", "276", "300", "348", "372", "380",
  "428", "440", "442", "470", "528", "616", "620", "642", "703", "705", "724", "752"];
const packCountries = {
  au: ["036"], ca: ["124"], de: ["276"], fr: ["250"], gb: ["826"], in: ["356"], it: ["380"], jp: ["392"],
  nz: ["554"], se: ["752"], us: ["840"], eu,
};

const packs = readdirSync(policies).filter((f) => f.endsWith(".yaml")).map((f) => f.replace(/\.yaml$/, ""));
const wanted = new Set();
for (const p of packs) {
  const codes = packCountries[p];
  if (!codes) {
    console.error(`cut-countries: no countries listed for the pack '${p}' (web/scripts/cut-countries.mjs)`);
    process.exit(1);
  }
  codes.forEach((c) => wanted.add(c));
}
const topo = JSON.parse(readFileSync(resolve(here, "../node_modules/world-atlas/countries-50m.json"), "utf8"));
const all = feature(topo, topo.objects.countries);
const round = (c) => (typeof c[0] === "number" ? [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100] : c.map(round));
const features = all.features
  .filter((f) => wanted.has(String(f.id)))
  .map((f) => ({ type: "Feature", id: f.id, properties: { name: f.properties.name },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
const missing = [...wanted].filter((c) => !features.some((f) => String(f.id) === c));
if (missing.length > 0) {
  console.error(`cut-countries: world-atlas lacks ${missing.join(", ")}`);
  process.exit(1);
}
mkdirSync(dirname(out), { recursive: true });
const text = JSON.stringify({ type: "FeatureCollection", source: "Natural Earth 1:50m via world-atlas 2.0.2 (public domain; ISC)", features });
writeFileSync(out, text);
console.log(`cut-countries: ${features.length} countries, ${text.length} bytes -> ${out}`);
