#!/usr/bin/env node
// Validates CycloneDX BOMs against the official CycloneDX 1.6 JSON schema.
//
//   node scripts/check-cyclonedx.mjs BOM.json...
//
// The schema is the one @cyclonedx/cyclonedx-library ships for offline use
// (res/schema/bom-1.6.SNAPSHOT.schema.json, a copy of the CycloneDX
// specification's bom-1.6.schema.json; its README names the commit). It is
// JSON Schema draft-07, so the validator is Ajv's default (draft-07) class.
// It refers to spdx.SNAPSHOT.schema.json and jsf-0.82.SNAPSHOT.schema.json
// (and 1.6 to cryptography-defs): each is registered under the URI the
// reference resolves to, as the library's own validator does. Formats:
// ajv-formats, plus idn-email from ajv-formats-draft2019; iri-reference is
// accepted as any string (neither package checks it), as the library does.
//
// Also checks what the schema cannot: each bom-ref is unique, and every
// dependency names a bom-ref that a component has.
//
// Exit 0 when every file is valid; 1 listing each error (file, JSON
// pointer, message) otherwise; 2 on usage.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import addFormats2019 from "ajv-formats-draft2019";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: check-cyclonedx.mjs BOM.json...");
  process.exit(2);
}

const require = createRequire(import.meta.url);
const library = dirname(require.resolve("@cyclonedx/cyclonedx-library/package.json"));
const schemaDir = join(library, "res", "schema");
const load = (name) => JSON.parse(readFileSync(join(schemaDir, name), "utf8"));
const base = "http://cyclonedx.org/schema/";
const referenced = {};
for (const name of ["spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json", "cryptography-defs.SNAPSHOT.schema.json"]) {
  referenced[base + name] = load(name);
}
const ajv = new Ajv({ strict: false, strictSchema: false, addUsedSchema: false, allErrors: true });
for (const [uri, schema] of Object.entries(referenced)) {
  ajv.addSchema(schema, uri);
}
addFormats(ajv);
addFormats2019(ajv, { formats: ["idn-email"] });
ajv.addFormat("iri-reference", true);
const validate = ajv.compile(load("bom-1.6.SNAPSHOT.schema.json"));

let failed = 0;
for (const file of files) {
  const problems = [];
  let bom;
  try {
    bom = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    problems.push(`not JSON: ${e.message}`);
  }
  if (bom !== undefined) {
    if (bom.specVersion !== "1.6") {
      problems.push(`/specVersion: ${JSON.stringify(bom.specVersion)}, expected "1.6"`);
    }
    if (!validate(bom)) {
      for (const e of validate.errors) {
        problems.push(`${e.instancePath || "/"}: ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
      }
    }
    const refs = new Set();
    const walk = (list, at) => {
      (list || []).forEach((c, i) => {
        const ref = c["bom-ref"];
        if (ref !== undefined) {
          if (refs.has(ref)) problems.push(`${at}/${i}/bom-ref: ${JSON.stringify(ref)} used twice`);
          refs.add(ref);
        }
        walk(c.components, `${at}/${i}/components`);
      });
    };
    walk(bom.components, "/components");
    (bom.dependencies || []).forEach((d, i) => {
      for (const r of [d.ref, ...(d.dependsOn || [])]) {
        if (!refs.has(r)) problems.push(`/dependencies/${i}: ${JSON.stringify(r)} is no component's bom-ref`);
      }
    });
  }
  if (problems.length > 0) {
    failed += 1;
    console.error(`${file}: INVALID against CycloneDX 1.6`);
    for (const p of problems.slice(0, 50)) console.error(`  ${p}`);
    if (problems.length > 50) console.error(`  and ${problems.length - 50} more`);
  } else {
    const n = (bom.components || []).length;
    console.log(`${file}: valid CycloneDX 1.6 (${n} components)`);
  }
}
process.exit(failed === 0 ? 0 : 1);
